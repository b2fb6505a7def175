package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlctl experiments assign ID UNIT...}: the sticky arm of each unit. */
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = {"The sticky arm (and model version) of each unit.",
                "Callers can compute it themselves: see docs/EXPERIMENTS.md, 'Sticky assignment'."})
public final class AssignCommand extends RemoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "UNIT")
    List<String> units;

    @Override
    public Integer call() {
        ApiClient client = server.client();
        List<JsonNode> answers = new ArrayList<>();
        for (String unit : units) {
            answers.add(client.get(ApiPaths.experimentAssign(id, unit)));
        }
        printer().list(answers, List.of("unit", "arm", "version", "bucket"));
        return 0;
    }
}
