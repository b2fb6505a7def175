package io.mlctl.cli.experiment;

import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments stop ID}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop an experiment: it accepts no more events; its report stays readable.")
public final class StopCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown in the report.")
    String reason;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Object body = reason == null ? Map.of() : Map.of("reason", reason);
        ExperimentView.print(new Printer(spec.commandLine().getOut(), output.output),
                server.client().post(ExperimentPaths.of(id) + "/stop", body));
        return 0;
    }
}
