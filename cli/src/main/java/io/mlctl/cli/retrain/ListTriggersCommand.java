package io.mlctl.cli.retrain;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.Printer;
import io.mlctl.api.client.ApiPaths;
import picocli.CommandLine.Command;
import io.mlctl.api.client.ApiPaths;
import picocli.CommandLine.Option;
import io.mlctl.api.client.ApiPaths;
import picocli.CommandLine.Parameters;

import io.mlctl.api.client.ApiPaths;
import java.util.ArrayList;
import io.mlctl.api.client.ApiPaths;
import java.util.List;

/** {@code mlctl retrain list MODEL}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Retrain triggers of a model, newest first, with their delivery status.")
public final class ListTriggersCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        JsonNode page = server.client().get(ApiClient.query(ApiPaths.retrainTriggers(model), ApiClient.params("size", limit)));
        Printer printer = new Printer(spec.commandLine().getOut(), output.output);
        if (printer.format() != OutputFormat.table) {
            printer.object(page);
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode t : page.path("items")) {
            String outcome = t.hasNonNull("completedVersion") ? "version " + t.path("completedVersion").asText()
                    + (t.hasNonNull("rollout") ? ", rollout " + t.path("rollout").asText() : "")
                    : t.hasNonNull("jobName") ? "job " + t.path("jobName").asText()
                    : t.path("lastError").asText("");
            rows.add(new String[]{t.path("id").asText(), t.path("version").asText(), t.path("reason").asText(),
                    t.path("status").asText(), t.path("attempts").asText(), t.path("createdAt").asText(),
                    t.hasNonNull("reportId") ? t.path("reportId").asText() : "", outcome});
        }
        if (rows.isEmpty()) {
            spec.commandLine().getOut().println("no retrain triggers for " + model);
        } else {
            printer.table(new String[]{"ID", "VERSION", "REASON", "STATUS", "ATTEMPTS", "CREATED", "REPORT", "OUTCOME"},
                    rows);
        }
        return 0;
    }
}
