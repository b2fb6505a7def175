package io.mlctl.cli.drift;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code mlctl drift report ID}: one drift report of the control plane, feature by feature. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Show one drift report: per feature PSI, KL, JS, KS or chi-square, null rates and verdict.")
public final class ReportCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
        JsonNode r = server.client().get(ApiPaths.driftReport(id));
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.output);
        if (printer.format() != OutputFormat.table) {
            printer.object(r);
            return 0;
        }
        print(out, printer, r);
        return 0;
    }

    /** A report as a header line, the feature table and the verdict line (also used by mlctl demo). */
    public static void print(PrintWriter out, Printer printer, JsonNode r) {
        String g = r.path("granularity").asText();
        out.printf("drift report %d: %s version %d, %s %s .. %s, %d rows, reference profile %d%n",
                r.path("id").asLong(), r.path("model").asText(), r.path("version").asInt(),
                "window".equals(g) ? "window" : g + " roll-up", r.path("windowStart").asText(), r.path("windowEnd").asText(),
                r.path("rows").asLong(), r.path("referenceId").asLong());
        List<String[]> rows = new ArrayList<>();
        for (JsonNode f : r.path("features")) {
            boolean numeric = "numeric".equals(f.path("type").asText());
            rows.add(new String[]{f.path("name").asText(), f.path("type").asText(), num(f, "psi"), num(f, "kl"),
                    num(f, "js_distance"), numeric ? num(f, "ks_statistic") : "",
                    numeric ? num(f, "ks_pvalue") : num(f, "chi2_pvalue") + " (χ²)",
                    numeric ? num(f, "wasserstein_normed") : "", num(f, "hellinger"),
                    numeric ? "" : num(f, "cramers_v"),
                    pct(f, "null_rate_reference"), pct(f, "null_rate_current"), f.path("verdict").asText()});
        }
        printer.table(new String[]{"FEATURE", "TYPE", "PSI", "KL", "JS", "KS_D", "P_VALUE", "W1/SD", "HELLINGER",
                "CRAMERS_V", "NULL_REF", "NULL_CUR", "VERDICT"}, rows);
        out.printf(Locale.ROOT, "%d features drifted (drift share %.2f): %s%n", r.path("drifted").size(),
                r.path("driftShare").asDouble(), r.path("datasetDrift").asBoolean() ? "DATASET DRIFT"
                        : "no dataset drift");
    }

    private static String num(JsonNode f, String field) {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) {
            return "-";
        }
        double d = v.asDouble();
        return d != 0 && Math.abs(d) < 1e-3 ? String.format(Locale.ROOT, "%.2e", d) : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String pct(JsonNode f, String field) {
        JsonNode v = f.get(field);
        return v == null || v.isNull() ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v.asDouble());
    }
}
