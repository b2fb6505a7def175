package io.mlctl.cli.drift;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code mlctl drift status MODEL [--version V]}: the newest drift reports of a model on the control plane. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the newest drift reports of a model (one per closed window), newest first.",
                "Exit code 2 with --fail-on-drift when the newest report found dataset drift."})
public final class StatusCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "Only this version.")
    Integer version;

    @Option(names = "--granularity", paramLabel = "window|hour|day", defaultValue = "window",
            description = "Windows, or their hourly or daily roll-ups (default ${DEFAULT-VALUE}).")
    String granularity;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10", description = "How many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--fail-on-drift", description = "Exit 2 when the newest report found dataset drift.")
    boolean failOnDrift;

    @Override
    public Integer call() {
        JsonNode page = server.client().get(ApiClient.query(ApiPaths.drift(model),
                ApiClient.params("version", version, "granularity", granularity, "size", limit)));
        JsonNode items = page.path("items");
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.output);
        if (printer.format() != OutputFormat.table) {
            printer.object(page);
        } else if (items.isEmpty()) {
            out.println("no closed drift windows for " + model + (version == null ? "" : " version " + version)
                    + " yet (windows close after --drift-window plus the grace period)");
        } else {
            JsonNode newest = items.get(0);
            out.printf("%s version %d, window %s .. %s: %s (drift share %.2f, %d rows)%n", model,
                    newest.path("version").asInt(), newest.path("windowStart").asText(),
                    newest.path("windowEnd").asText(), newest.path("datasetDrift").asBoolean() ? "DATASET DRIFT"
                            : "no dataset drift", newest.path("driftShare").asDouble(), newest.path("rows").asLong());
            List<String[]> rows = new ArrayList<>();
            for (JsonNode r : items) {
                rows.add(new String[]{r.path("id").asText(), r.path("version").asText(), r.path("windowStart").asText(),
                        r.path("rows").asText(), String.format(Locale.ROOT, "%.2f", r.path("driftShare").asDouble()),
                        r.path("datasetDrift").asBoolean() ? "yes" : "no", Printer.cell(r.path("drifted"))});
            }
            printer.table(new String[]{"REPORT", "VERSION", "WINDOW_START", "ROWS", "DRIFT_SHARE", "DATASET_DRIFT",
                    "DRIFTED_FEATURES"}, rows);
            out.println("details: mlctl drift report " + newest.path("id").asText());
        }
        boolean drift = !items.isEmpty() && items.get(0).path("datasetDrift").asBoolean();
        return failOnDrift && drift ? io.mlctl.cli.support.ExitCodes.CHECK_FAILED : 0;
    }
}
