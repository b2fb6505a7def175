package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.Bounds;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.MetricReport;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.Verdict;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
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
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code mlctl experiments report ID [--html FILE]}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The experiment's report: verdict and reason, samples, SRM and per-metric results.",
                "Per metric and arm: difference, relative lift, fixed-horizon and sequential p-values, achieved power. "
                        + "--html writes the self-contained HTML page (charts included) to a file."},
        footer = {"", "Exit code 2 with --fail-unless-ship when the verdict is not SHIP."})
public final class ReportCommand extends RemoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report to FILE (- for stdout).")
    Path html;

    @Option(names = "--fail-unless-ship", description = "Exit 2 unless the verdict is SHIP (for scripts and CI).")
    boolean failUnlessShip;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (html != null) {
            String page = server.client().getText(ApiPaths.experimentReport(id), "text/html");
            if (html.toString().equals("-")) {
                out.print(page);
                out.flush();
            } else {
                write(page);
                if (!io.mlctl.cli.support.Progress.quiet(spec)) {
                    spec.commandLine().getErr().println("wrote " + html);
                }
            }
        }
        ExperimentReport r = Printer.JSON.convertValue(server.client().get(ApiPaths.experimentReport(id)), ExperimentReport.class);
        if (html == null || !html.toString().equals("-")) {
            print(out, r);
        }
        return failUnlessShip && r.verdict() != Verdict.SHIP ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private void print(PrintWriter out, ExperimentReport r) {
        Printer p = new Printer(out, output.output);
        if (output.output != OutputFormat.table) {
            p.object(r);
            return;
        }
        out.println("VERDICT  " + r.verdict() + (r.winner() == null ? "" : " (" + r.winner() + ")"));
        out.println("REASON   " + r.reason());
        out.println("STATUS   " + r.status());
        StringJoiner samples = new StringJoiner(", ");
        r.samples().observed().forEach((arm, n) -> samples.add(arm + " " + n
                + (r.samples().required().containsKey(arm) ? "/" + r.samples().required().get(arm) : "")));
        out.println("SAMPLES  " + samples);
        out.println("SRM      " + (!r.srm().evaluated() ? "not evaluated yet (too few units)"
                : (r.srm().mismatch() ? "MISMATCH" : "ok") + " (p = " + fmt(r.srm().pValue()) + ")"));
        out.println();
        List<String[]> rows = new ArrayList<>();
        for (MetricReport m : r.metrics()) {
            for (ArmResult a : m.arms()) {
                rows.add(new String[]{m.name() + " (" + m.role() + ")", a.arm(), String.valueOf(a.n()), level(m.type(), a),
                        a.difference() == null ? "" : fmt(a.difference()) + " " + bounds(a.differenceInterval(), false),
                        a.relativeLift() == null ? "" : pct(a.relativeLift()) + " " + bounds(a.relativeLiftInterval(), true),
                        a.pValue() == null ? "" : fmt(a.pValue()), a.sequentialPValue() == null ? "" : fmt(a.sequentialPValue()),
                        a.achievedPower() == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * a.achievedPower()),
                        a.outcome() == null ? "" : a.outcome()});
            }
        }
        p.table(new String[]{"METRIC", "ARM", "N", "RATE/MEAN", "DIFF [CI]", "LIFT [CI]", "P", "SEQ_P", "POWER", "OUTCOME"}, rows);
    }

    private void write(String page) {
        try {
            Files.writeString(html, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + html + ": " + e.getMessage(), e);
        }
    }

    private static String level(MetricType type, ArmResult a) {
        return type == MetricType.proportion ? pct(a.rate()).replace("+", "") : fmt(a.mean());
    }

    private static String bounds(Bounds b, boolean percent) {
        if (b == null || b.lower() == null || b.upper() == null) {
            return "";
        }
        return "[" + (percent ? pct(b.lower()) : fmt(b.lower())) + ", " + (percent ? pct(b.upper()) : fmt(b.upper())) + "]";
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%+.2f%%", v * 100);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
