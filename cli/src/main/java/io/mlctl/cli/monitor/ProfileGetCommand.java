package io.mlctl.cli.monitor;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code mlctl profiles get MODEL VERSION}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Show the current reference profile of a version: per feature its count, null rate and bins.")
public final class ProfileGetCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;
    @Parameters(index = "1", paramLabel = "VERSION")
    int version;

    @Override
    public Integer call() {
        JsonNode r = server.client().get(ApiPaths.profile(model, version));
        Printer printer = new Printer(spec.commandLine().getOut(), output.output);
        if (printer.format() == OutputFormat.table) {
            spec.commandLine().getOut().printf("reference profile %d of %s/%d (schema %s): %d rows from %s, %s%n",
                    r.path("id").asLong(), model, version, r.path("schema").asText("-"), r.path("rows").asLong(),
                    r.path("source").asText(), r.path("createdAt").asText());
            features(printer, r);
        } else {
            printer.object(r);
        }
        return 0;
    }

    static void features(Printer printer, JsonNode profile) {
        List<String[]> rows = new ArrayList<>();
        for (JsonNode f : profile.path("features")) {
            String detail = f.has("edges") ? f.path("edges").size() + 1 + " bins, " + range(f)
                    : f.path("categories").size() + " top categories: " + Printer.cell(f.path("categories"));
            rows.add(new String[]{f.path("name").asText(), f.path("type").asText(), f.path("mode").asText(),
                    String.valueOf(f.path("count").asLong()),
                    f.hasNonNull("nullRate") ? String.format(Locale.ROOT, "%.2f%%", 100 * f.path("nullRate").asDouble())
                            : "-", detail});
        }
        printer.table(new String[]{"FEATURE", "TYPE", "MODE", "COUNT", "NULLS", "DISTRIBUTION"}, rows);
    }

    private static String range(JsonNode f) {
        return f.hasNonNull("min") ? String.format(Locale.ROOT, "range %.4g .. %.4g", f.path("min").asDouble(),
                f.path("max").asDouble()) : "no values";
    }
}
