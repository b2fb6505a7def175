package io.mlctl.cli.drift;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import io.mlctl.drift.profile.ProfileMode;
import io.mlctl.drift.report.DriftReportPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code mlctl drift compare}: drift of one data file against another, computed locally (no server). */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare CURRENT with REFERENCE, feature by feature: PSI, KL and Jensen-Shannon distance, "
                + "Kolmogorov-Smirnov (numbers) or chi-square (categories), null rates, and a verdict per feature "
                + "(ok, warn, drift, no_data) and for the dataset (drift when at least half the features drift).",
                "",
                "Files are CSV (a header row, one column per feature) or NDJSON (one object per line: flat, or the "
                        + "ingest format {\"features\":{...},\"prediction\":x}, whose prediction is the feature "
                        + "__prediction__), told apart by extension (.csv, .ndjson/.jsonl/.json) or content. A column "
                        + "is numeric when every non-empty value is a number; pandas' missing-value spellings (NA, "
                        + "null, None...) count as missing, nan as NaN; missing, NaN and infinite values make the "
                        + "null rate and are not part of the distributions.",
                ""},
        footer = {"", "Examples:",
                "  mlctl drift compare train.csv today.csv",
                "  mlctl drift compare train.csv today.ndjson --schema features.yaml -o json",
                "  mlctl drift compare ref.csv cur.csv --html drift.html --fail-on-drift",
                "",
                "Exit codes: 0 compared (drift or not), 2 dataset drift with --fail-on-drift, 1 unreadable or invalid "
                        + "file, 64 usage error."})
public final class CompareCommand implements Callable<Integer> {

    /** How profiles hold the data. */
    enum Mode {
        exact, streaming
    }

    @Parameters(index = "0", paramLabel = "REFERENCE", description = "The reference data (e.g. the training set).")
    Path reference;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The data to check for drift.")
    Path current;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "Feature schema (YAML or JSON): the features and their types, the prediction, and drift "
                    + "overrides (statistics, thresholds, bins per feature or for all). Without it every column "
                    + "is compared, its type inferred.")
    Path schema;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "exact",
            description = "exact (default): every value, results as NumPy/SciPy compute them; streaming: the "
                    + "mergeable sketches the control plane keeps (KLL quantiles, frequent items).")
    Mode mode;

    @Option(names = "--bins", paramLabel = "N",
            description = "Quantile bins of numeric features (default 10, or the schema's); overrides the schema.")
    Integer bins;

    @Mixin
    OutputOptions output;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report (summary, per-feature distributions, thresholds).")
    Path html;

    @Option(names = "--fail-on-drift", description = "Exit with 2 when the dataset drifts (for CI and scripts).")
    boolean failOnDrift;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (bins != null && (bins < 1 || bins > 10_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bins must be between 1 and 10000");
        }
        SchemaFile driftSchema = schema == null ? null : SchemaFile.read(schema);
        ProfileMode profileMode = mode == Mode.exact ? ProfileMode.EXACT : ProfileMode.STREAMING;
        OfflineComparison.Outcome outcome = OfflineComparison.run(reference, current, driftSchema, profileMode, bins);

        PrintWriter err = spec.commandLine().getErr();
        outcome.notes().forEach(n -> err.println("mlctl: note: " + n));
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.output);
        if (output.output == OutputFormat.table) {
            printer.table(DriftResults.header(), DriftResults.rows(outcome.drift()));
            out.println();
            out.println(DriftResults.summary(outcome.drift()));
            out.flush();
        } else {
            printer.object(DriftResults.toApi(outcome.drift()));
        }
        if (html != null) {
            writeHtml(outcome, mode.name());
            if (!io.mlctl.cli.support.Progress.quiet(spec)) {
                err.println("mlctl: wrote " + html);
            }
        }
        return failOnDrift && outcome.drift().datasetDrift() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private void writeHtml(OfflineComparison.Outcome outcome, String modeName) {
        String page = DriftReportPage.render(outcome.drift(), new DriftReportPage.Context(
                "Drift report: " + current.getFileName() + " vs " + reference.getFileName(),
                reference.getFileName().toString(), outcome.referenceRows(), current.getFileName().toString(),
                outcome.currentRows(), modeName, Instant.now()));
        try {
            Files.writeString(html, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + html + ": " + e.getMessage(), e);
        }
    }
}
