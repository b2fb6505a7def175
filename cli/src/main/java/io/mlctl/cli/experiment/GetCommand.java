package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code mlctl experiments get ID}. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show an experiment: arms, metrics, status, samples.")
public final class GetCommand extends RemoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        ExperimentView.print(printer(), server.client().get(ApiPaths.experiment(id)));
        return 0;
    }
}
