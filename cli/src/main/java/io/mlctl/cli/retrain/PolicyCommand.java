package io.mlctl.cli.retrain;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;


/** {@code mlctl retrain policy MODEL}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Show the retrain policy of a model.")
public final class PolicyCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Override
    public Integer call() {
        new Printer(spec.commandLine().getOut(), output.output).object(
                server.client().get(ApiPaths.retrainPolicy(model)));
        return 0;
    }
}
