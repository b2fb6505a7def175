package io.mlctl.cli.experiment;

import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mlctl experiments get ID}. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show an experiment: arms, metrics, status, samples.")
public final class GetCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentView.print(new Printer(spec.commandLine().getOut(), output.output), server.client().get(ExperimentPaths.of(id)));
        return 0;
    }
}
