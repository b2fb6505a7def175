package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments stop ID}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop an experiment: it accepts no more events; its report stays readable.")
public final class StopCommand extends RemoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown in the report.")
    String reason;

    @Override
    public Integer call() {
        Object body = reason == null ? Map.of() : Map.of("reason", reason);
        ExperimentView.print(printer(),
                server.client().post(ApiPaths.experimentStop(id), body));
        return 0;
    }
}
