package io.mlctl.cli.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code mlctl quality compare MODEL --baseline V1 --candidate V2}: both versions' realized quality on the same
 * labelled requests (what a shadow rollout logs). {@code --output json} prints the REST answer as it is.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare two versions' realized quality on the same labelled requests: those both versions",
                "logged under one request id (a shadow rollout) that have a label. Per metric: baseline, candidate",
                "and the candidate's difference."})
public final class QualityCompareCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--baseline", paramLabel = "V", required = true, description = "The baseline version.")
    int baseline;

    @Option(names = "--candidate", paramLabel = "V", required = true, description = "The candidate version.")
    int candidate;

    @Override
    public Integer call() {
        JsonNode c = server.client().get(ApiPaths.qualityCompare(model, baseline, candidate));
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.output);
        if (printer.format() != OutputFormat.table) {
            printer.object(c);
            return 0;
        }
        out.printf("%s version %d vs %d (%s): %d labelled requests both versions predicted%n", model, baseline,
                candidate, c.path("task").asText(), c.path("pairs").asLong());
        if (c.path("pairs").asLong() == 0) {
            out.flush();
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        c.path("baseline").fieldNames().forEachRemaining(m -> {
            if (!m.equals("roc_auc_ci95")) {
                rows.add(new String[]{m, number(c.path("baseline").path(m)), number(c.path("candidate").path(m)),
                        c.path("difference").path(m).isNumber()
                                ? String.format(Locale.ROOT, "%+.4f", c.path("difference").path(m).asDouble()) : "-"});
            }
        });
        printer.table(new String[]{"METRIC", "BASELINE", "CANDIDATE", "DIFFERENCE"}, rows);
        return 0;
    }

    private static String number(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "-";
    }
}
