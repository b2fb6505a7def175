package io.mlctl.cli.quality;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code mlctl quality status MODEL --version V}: the version's quality per window of prediction time, newest
 * first. {@code --output json} prints the REST answer as it is.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a version's quality per window of prediction time, newest first: predictions,",
                "labelled ones and coverage, the realized metrics of the schema's quality task and (binary)",
                "the CBPE estimates from the scores (marked est.). Late labels update their windows."})
public final class QualityStatusCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--version", paramLabel = "V", required = true, description = "The model version.")
    int version;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
            description = "How many windows (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the quality page (window table, calibration chart, ROC curve) to FILE (- for stdout).")
    Path html;

    @Override
    public Integer call() {
        String pagePath = ApiClient.query(ApiPaths.qualityPage(model, version), ApiClient.params("limit", limit));
        if (html != null) {
            String page = server.client().getText(pagePath, "text/html");
            if (html.toString().equals("-")) {
                spec.commandLine().getOut().print(page);
                spec.commandLine().getOut().flush();
                return 0;
            }
            try {
                Files.writeString(html, page, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot write " + html + ": " + e.getMessage(), e);
            }
            if (!Progress.quiet(spec)) {
                spec.commandLine().getErr().println("wrote " + html);
            }
        }
        JsonNode report = server.client().get(ApiClient.query(ApiPaths.quality(model),
                ApiClient.params("version", version, "limit", limit)));
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.output);
        JsonNode items = report.path("items");
        if (printer.format() != OutputFormat.table) {
            printer.object(report);
            return 0;
        }
        if (items.isEmpty()) {
            out.println("no predictions with a request_id for " + model + " version " + version + " yet");
            out.flush();
            return 0;
        }
        List<String> metrics = new ArrayList<>();
        for (JsonNode w : items) {
            w.path("metrics").fieldNames().forEachRemaining(m -> {
                if (!metrics.contains(m) && !m.equals("roc_auc_ci95")) {
                    metrics.add(m);
                }
            });
        }
        List<String> estimated = new ArrayList<>();
        items.get(0).path("estimated").fieldNames().forEachRemaining(estimated::add);
        List<String> header = new ArrayList<>(List.of("WINDOW_START", "PREDICTIONS", "LABELED", "COVERAGE"));
        metrics.forEach(m -> header.add(m.toUpperCase(Locale.ROOT)));
        estimated.forEach(m -> header.add(m.toUpperCase(Locale.ROOT) + "_EST"));
        List<String[]> rows = new ArrayList<>();
        for (JsonNode w : items) {
            List<String> row = new ArrayList<>(List.of(w.path("windowStart").asText(), w.path("predictions").asText(),
                    w.path("labeled").asText(), String.format(Locale.ROOT, "%.1f%%", 100 * w.path("coverage")
                            .asDouble())));
            metrics.forEach(m -> row.add(number(w.path("metrics").path(m))));
            estimated.forEach(m -> row.add(number(w.path("estimated").path(m))));
            rows.add(row.toArray(String[]::new));
        }
        out.printf("%s version %d (%s)%n", model, version, report.path("task").asText());
        printer.table(header.toArray(String[]::new), rows);
        // the page in a browser: a viewer token goes in ?access_token= (browsers cannot send the header)
        out.println("page: " + server.client().base().replaceAll("/+$", "") + pagePath);
        out.flush();
        return 0;
    }

    private static String number(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "-";
    }
}
