package io.mlctl.cli.retrain;

import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mlctl retrain policy MODEL}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Show the retrain policy of a model.")
public final class PolicyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Override
    public Integer call() {
        new Printer(spec.commandLine().getOut(), output.output).object(
                server.client().get("/api/v1/models/" + ApiClient.seg(model) + "/retrain/policy"));
        return 0;
    }
}
