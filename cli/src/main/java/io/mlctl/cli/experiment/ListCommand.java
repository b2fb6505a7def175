package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.mlctl.cli.support.OutputFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments, newest first.")
public final class ListCommand extends RemoteCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model's experiments.")
    String model;

    @Option(names = "--page", defaultValue = "0", description = "Page, 0-based (default: ${DEFAULT-VALUE}).")
    int page;

    @Option(names = "--size", defaultValue = "50", description = "Page size (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() {
        JsonNode page = server.client().get(ApiClient.query(ApiPaths.experiments(),
                ApiClient.params("model", model, "page", this.page, "size", size)));
        Printer p = printer();
        if (output.output == OutputFormat.table) {
            List<Map<String, Object>> rows = new ArrayList<>();
            page.path("items").forEach(e -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.path("id").asText());
                row.put("model", e.path("model").asText());
                row.put("status", e.path("status").asText());
                row.put("samples", ExperimentView.samples(e.path("samples")));
                row.put("created", e.path("createdAt").asText());
                rows.add(row);
            });
            p.list(rows, null);
            if (page.path("total").asLong() > rows.size()) {
                spec.commandLine().getErr().println("(" + rows.size() + " of " + page.path("total").asLong()
                        + "; see --page and --size)");
            }
        } else {
            p.object(page);
        }
        return 0;
    }
}
