package io.mlctl.drift.report;

import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.evaluation.Statistic;
import io.mlctl.drift.evaluation.Threshold;
import io.mlctl.drift.evaluation.Verdict;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.html.Html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A drift report as one self-contained HTML page — inline CSS and inline SVG, no scripts, nothing fetched — so it
 * can be mailed, archived or opened offline: a summary, then one row per feature with its verdict and why, every
 * statistic, the thresholds that applied, and its reference-vs-current distribution.
 */
public final class DriftReportPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * What the page says about where the data came from.
     *
     * @param reference     e.g. the reference file name, or "fraud v7 reference"
     * @param current       e.g. the current file name, or a window
     * @param referenceRows rows read for the reference
     * @param currentRows   rows read for the current data
     * @param mode          "exact" or "streaming"
     */
    public record Context(String title, String reference, long referenceRows, String current, long currentRows,
                          String mode, Instant generatedAt) {
    }

    private DriftReportPage() {
    }

    public static String render(DatasetDrift drift, Context ctx) {
        StringBuilder h = Html.page(ctx.title(), CSS);
        header(h, ctx);
        summary(h, drift);
        features(h, drift);
        h.append("<footer>PSI, KL and Jensen–Shannon over the reference's quantile bins (numbers) or categories; ")
                .append("empty bins count as ").append(io.mlctl.drift.stats.Divergences.EPSILON)
                .append(" for PSI and KL. KS p-values are exact when n·m &lt; 10,000, asymptotic otherwise. ")
                .append("While both samples have under 1,000 values the tests' p-values decide (Benjamini–Hochberg ")
                .append("adjusted across the features); on larger samples the effect sizes do (Wasserstein over the ")
                .append("reference's standard deviation, Cramér's V, PSI...). ")
                .append("Null rate counts missing, NaN and infinite values.</footer>\n");
        return Html.end(h);
    }

    private static void header(StringBuilder h, Context ctx) {
        h.append("<header><h1>").append(Html.esc(ctx.title())).append("</h1><p class=\"sub\">")
                .append("reference <code>").append(Html.esc(ctx.reference())).append("</code> (")
                .append(String.format(Locale.ROOT, "%,d", ctx.referenceRows())).append(" rows) · current <code>")
                .append(Html.esc(ctx.current())).append("</code> (")
                .append(String.format(Locale.ROOT, "%,d", ctx.currentRows())).append(" rows) · ")
                .append(Html.esc(ctx.mode())).append(" mode · generated ")
                .append(TIME.format(ctx.generatedAt())).append("</p></header>\n");
    }

    private static void summary(StringBuilder h, DatasetDrift d) {
        long drifted = d.count(Verdict.DRIFT);
        long evaluated = d.features().size() - d.count(Verdict.NO_DATA);
        h.append("<section id=\"summary\" class=\"summary ").append(d.datasetDrift() ? "is-drift" : "is-ok")
                .append("\"><div class=\"headline\" id=\"dataset-verdict\">")
                .append(d.datasetDrift() ? "Dataset drift detected" : "No dataset drift").append("</div><p>")
                .append(drifted).append(" of ").append(evaluated).append(" features with data drifted: drift share ")
                .append(String.format(Locale.ROOT, "%.2f", d.driftShare())).append(d.datasetDrift() ? " ≥ " : " < ")
                .append(String.format(Locale.ROOT, "%.2f", d.datasetDriftShareThreshold()))
                .append(" (the dataset threshold).</p><ul class=\"counts\">");
        for (Verdict v : Verdict.values()) {
            h.append("<li class=\"badge ").append(v.wireName()).append("\">").append(d.count(v)).append(' ')
                    .append(v.wireName().replace('_', ' ')).append("</li>");
        }
        h.append("</ul></section>\n");
    }

    private static void features(StringBuilder h, DatasetDrift d) {
        h.append("<table class=\"features\"><thead><tr><th>Feature</th><th>Verdict</th><th>Statistics</th>")
                .append("<th>Thresholds used</th><th>Distribution <span class=\"key ref\">reference</span> ")
                .append("<span class=\"key cur\">current</span></th></tr></thead><tbody>\n");
        for (FeatureDrift f : d.features()) {
            h.append("<tr id=\"feature-").append(Html.token(f.name())).append("\" class=\"feature row-")
                    .append(f.verdict().wireName()).append("\">");
            h.append("<td class=\"name\"><b>").append(Html.esc(f.name())).append("</b><br><span class=\"type\">")
                    .append(f.type().wireName()).append("</span><br><span class=\"counts\">")
                    .append(String.format(Locale.ROOT, "%,d → %,d values", f.referenceCount(), f.currentCount()))
                    .append("</span></td>");
            h.append("<td><span class=\"badge verdict ").append(f.verdict().wireName()).append("\">")
                    .append(f.verdict().wireName().replace('_', ' ')).append("</span>");
            if (!f.reasons().isEmpty()) {
                h.append("<ul class=\"reasons\">");
                f.reasons().forEach(r -> h.append("<li>").append(Html.esc(r)).append("</li>"));
                h.append("</ul>");
            }
            h.append("</td><td><table class=\"stats\">");
            stat(h, "PSI", f.psi());
            stat(h, "KL", f.kl());
            stat(h, "JS distance", f.jsDistance());
            if (f.type() == FeatureType.NUMERIC) {
                stat(h, "KS D", f.ksStatistic());
                stat(h, "KS p-value", f.ksPValue());
                stat(h, "Wasserstein", f.wasserstein());
                stat(h, "Wasserstein / σ ref", f.wassersteinNormed());
            } else {
                stat(h, "χ² p-value", f.chi2PValue());
                stat(h, "Cramér's V", f.cramersV());
            }
            stat(h, "Hellinger", f.hellinger());
            if (!Double.isNaN(f.adjustedPValue())) {
                stat(h, "p-value (BH)", f.adjustedPValue());
            }
            stat(h, "null rate ref", f.nullRateReference(), true);
            stat(h, "null rate cur", f.nullRateCurrent(), true);
            h.append("</table></td><td>");
            thresholds(h, f);
            h.append("</td><td class=\"plot\">").append(DistributionChart.svg(f.histogram(), f.name()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void stat(StringBuilder h, String label, double value) {
        stat(h, label, value, false);
    }

    private static void stat(StringBuilder h, String label, double value, boolean percent) {
        h.append("<tr><th>").append(label).append("</th><td>")
                .append(Double.isNaN(value) ? "–" : percent ? DistributionChart.percent(value) : pValue(value))
                .append("</td></tr>");
    }

    private static String pValue(double v) {
        return v != 0 && Math.abs(v) < 1e-4 ? String.format(Locale.ROOT, "%.2e", v) : DriftEvaluator.format(v);
    }

    private static void thresholds(StringBuilder h, FeatureDrift f) {
        FeatureDriftConfig c = f.config();
        h.append("<ul class=\"thresholds\">");
        for (Statistic s : c.statistics()) {
            if (!s.appliesTo(f.type())) {
                continue;
            }
            Threshold t = c.threshold(s);
            String op = s.lowerIsWorse() ? "&lt; " : "≥ ";
            String name = switch (s) {
                case CHI2 -> "χ² p";
                case KS -> "KS D";
                case WASSERSTEIN -> "Wasserstein / σ";
                case CRAMERS_V -> "Cramér's V";
                case HELLINGER -> "Hellinger";
                default -> s.key().toUpperCase(Locale.ROOT);
            };
            h.append("<li><b>").append(name).append("</b> ");
            if (t.warn() != null) {
                h.append("warn ").append(op).append(DriftEvaluator.format(t.warn())).append(", ");
            }
            h.append("drift ").append(op).append(DriftEvaluator.format(t.drift())).append("</li>");
        }
        h.append("</ul>");
    }

    private static final String CSS = """
            :root{--ok:#1a7f37;--warn:#9a6700;--drift:#cf222e;--nodata:#6e7781;--ref:#8c9bab;--cur:#e8590c}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2328}
            h1{font-size:22px;margin:0 0 4px}.sub{color:#59636e;margin:0 0 16px}code{font-size:13px}
            .summary{border-radius:8px;padding:12px 16px;margin-bottom:18px;border:1px solid #d0d7de}
            .summary.is-drift{background:#ffebe9;border-color:#ff8182}.summary.is-ok{background:#dafbe1;border-color:#4ac26b}
            .headline{font-size:18px;font-weight:600}.summary p{margin:4px 0 8px}
            ul.counts{list-style:none;padding:0;margin:0;display:flex;gap:8px}
            .badge{display:inline-block;border-radius:12px;padding:1px 10px;color:#fff;font-weight:600;font-size:12px}
            .badge.ok{background:var(--ok)}.badge.warn{background:var(--warn)}.badge.drift{background:var(--drift)}
            .badge.no_data{background:var(--nodata)}
            table.features{border-collapse:collapse;width:100%}
            table.features>thead>tr>th{text-align:left;border-bottom:2px solid #d0d7de;padding:6px 8px}
            table.features>tbody>tr>td{border-bottom:1px solid #d0d7de;padding:8px;vertical-align:top}
            tr.row-drift>td:first-child{border-left:4px solid var(--drift)}tr.row-warn>td:first-child{border-left:4px solid var(--warn)}
            tr.row-ok>td:first-child{border-left:4px solid var(--ok)}tr.row-no_data>td:first-child{border-left:4px solid var(--nodata)}
            .type,.counts,.note{color:#59636e;font-size:12px}
            ul.reasons,ul.thresholds{margin:6px 0 0;padding-left:16px;font-size:12px}
            table.stats{border-collapse:collapse;font-size:12px}table.stats th{text-align:left;font-weight:500;color:#59636e;padding:0 10px 0 0}
            table.stats td{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}table.stats th{white-space:nowrap}
            .key{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:11px;font-weight:500}
            .key.ref{background:var(--ref)}.key.cur{background:var(--cur)}
            svg.chart rect.ref{fill:var(--ref)}svg.chart rect.cur{fill:var(--cur)}
            svg.chart .grid{stroke:#eaeef2}svg.chart .axis{stroke:#8c959f}
            svg.chart text{font-size:10px;fill:#59636e}
            footer{margin-top:18px;color:#59636e;font-size:12px}
            """;
}
