package io.mlctl.controlplane.experiment.page;

import io.mlctl.controlplane.experiment.report.Words;
import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.Bounds;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.MetricReport;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.Interval;

import java.util.Locale;
import java.util.Map;

import static io.mlctl.controlplane.experiment.page.Html.esc;

/**
 * The experiment report as one self-contained HTML page (inline CSS and SVG; no script, font or CDN), readable
 * offline and attachable to a ticket: verdict and reason, an SRM warning banner, samples, the metric table, the
 * forest plot and the cumulative lift over time.
 */
public final class ReportPage {
    private ReportPage() {
    }

    public static String render(ExperimentReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc("Experiment " + r.experiment() + " — " + r.verdict())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>");
        h.append("<header><h1>Experiment <code>").append(esc(r.experiment())).append("</code></h1><p class=\"meta\">model <b>")
                .append(esc(r.model())).append("</b> · status <b id=\"status\">").append(r.status()).append("</b> · created ")
                .append(esc(String.valueOf(r.createdAt()))).append(r.stoppedAt() == null ? "" : " · stopped " + esc(r.stoppedAt().toString()))
                .append(" · report generated ").append(esc(String.valueOf(r.generatedAt()))).append("</p></header>");
        if (r.srm().mismatch()) {
            h.append("<div id=\"srm-warning\" class=\"banner srm\" role=\"alert\"><b>Sample ratio mismatch.</b> Observed ")
                    .append(esc(Words.progress(r.srm().observed(), Map.of()))).append(" against the planned shares ")
                    .append(esc(shares(r.srm().expectedShare()))).append(" (chi-square ")
                    .append(esc(Words.number(r.srm().chiSquare()))).append(", p = ").append(esc(Words.p(r.srm().pValue())))
                    .append("). Assignment or logging is broken: do not trust these results.</div>");
        }
        h.append("<section id=\"verdict\" class=\"verdict verdict-").append(r.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append("\" data-verdict=\"").append(r.verdict()).append("\"><div class=\"label\" id=\"verdict-label\">")
                .append(r.verdict().name().replace("DONT_", "DON'T_").replace('_', ' '))
                .append("</div><p id=\"verdict-reason\">").append(esc(r.reason())).append("</p></section>");
        samples(h, r);
        metrics(h, r);
        h.append("<section id=\"forest\"><h2>Relative lift, ").append(Words.confidence(r.alpha()))
                .append(" intervals</h2>").append(ForestPlot.svg(r))
                .append("<p class=\"legend\"><span class=\"key ci\"></span> fixed-horizon interval (valid once the planned samples are in)")
                .append(" <span class=\"key cs\"></span> confidence sequence (valid at every look)")
                .append(" <span class=\"key tol\"></span> guardrail tolerance</p></section>");
        h.append("<section id=\"timeline\"><h2>Cumulative lift over time</h2>").append(LiftChart.svgs(r)).append("</section>");
        h.append("<footer><p>alpha ").append(r.alpha()).append(" · power ").append(r.power()).append(" · N* ").append(r.nStar())
                .append(" · correction ").append(r.correction()).append(". Proportions: pooled z-test, Wald interval; means: Welch t-test;")
                .append(" relative lift with delta-method intervals; confidence sequences after Waudby-Smith et al.;")
                .append(" SRM by chi-square goodness of fit (mismatch when p &lt; 0.001).</p></footer>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void samples(StringBuilder h, ExperimentReport r) {
        h.append("<section id=\"samples\"><h2>Samples</h2><table class=\"samples\"><thead><tr><th>arm</th><th>observed</th>")
                .append("<th>required</th><th>progress</th></tr></thead><tbody>");
        r.samples().observed().forEach((arm, n) -> {
            Long req = r.samples().required().get(arm);
            double pct = req == null || req == 0 ? 100 : Math.min(100, 100.0 * n / req);
            h.append("<tr data-arm=\"").append(esc(arm)).append("\"><td>").append(esc(arm)).append("</td><td class=\"num\">").append(n)
                    .append("</td><td class=\"num\">").append(req == null ? "—" : req).append("</td><td><div class=\"bar\"><div style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", pct)).append("%\"></div></div> ")
                    .append(String.format(Locale.ROOT, "%.0f%%", pct)).append("</td></tr>");
        });
        h.append("</tbody></table></section>");
    }

    private static void metrics(StringBuilder h, ExperimentReport r) {
        h.append("<section id=\"metrics\"><h2>Metrics</h2><table class=\"metrics\"><thead><tr><th>metric</th><th>arm</th>")
                .append("<th>units</th><th>rate / mean</th><th>difference<br><small>interval</small></th><th>relative lift<br><small>interval</small></th><th>p</th>")
                .append("<th>adjusted p</th><th>sequential p</th><th>power</th><th>outcome</th></tr></thead><tbody>");
        for (MetricReport m : r.metrics()) {
            boolean first = true;
            for (ArmResult a : m.arms()) {
                h.append("<tr class=\"").append(first ? "metric-first" : "").append("\" data-metric=\"").append(esc(m.name()))
                        .append("\" data-arm=\"").append(esc(a.arm())).append("\">");
                if (first) {
                    h.append("<td rowspan=\"").append(m.arms().size()).append("\"><b>").append(esc(m.name())).append("</b><br><small>")
                            .append(m.role()).append(" · ").append(m.type()).append(" · ").append(m.direction())
                            .append(m.margin() != null && m.margin() > 0 ? " · margin " + Words.percent(m.margin()).substring(1) : "")
                            .append("</small></td>");
                }
                h.append("<td>").append(esc(a.arm())).append(a.version() == null ? "" : " <small>v" + esc(a.version()) + "</small>").append("</td>")
                        .append("<td class=\"num\">").append(a.n()).append("</td>")
                        .append("<td class=\"num\">").append(esc(level(m.type(), a))).append("</td>")
                        .append("<td class=\"num\">").append(a.difference() == null ? "" : esc(Words.difference(a.difference(), m.type()))
                                + "<br><small>" + esc(Words.differenceInterval(interval(a.differenceInterval()), m.type())) + "</small>").append("</td>")
                        .append("<td class=\"num\">").append(a.relativeLift() == null ? "" : esc(Words.percent(a.relativeLift()))
                                + "<br><small>" + esc(Words.liftInterval(interval(a.relativeLiftInterval()))) + "</small>").append("</td>")
                        .append("<td class=\"num\">").append(esc(a.pValue() == null ? "" : Words.p(a.pValue()))).append("</td>")
                        .append("<td class=\"num\">").append(esc(a.adjustedPValue() == null ? "" : Words.p(a.adjustedPValue()))).append("</td>")
                        .append("<td class=\"num\">").append(esc(a.sequentialPValue() == null ? "" : Words.p(a.sequentialPValue()))).append("</td>")
                        .append("<td class=\"num\">").append(a.achievedPower() == null ? "" : String.format(Locale.ROOT, "%.0f%%", a.achievedPower() * 100)).append("</td>")
                        .append("<td>").append(a.outcome() == null ? "<small>control</small>"
                                : "<span class=\"pill outcome-" + a.outcome().toLowerCase(Locale.ROOT) + "\">" + a.outcome() + "</span>").append("</td></tr>");
                first = false;
            }
            h.append("<tr class=\"summary\"><td colspan=\"11\">").append(esc(m.summary())).append("</td></tr>");
        }
        h.append("</tbody></table></section>");
    }

    private static String level(MetricType type, ArmResult a) {
        if (type == MetricType.proportion) {
            return Words.level(a.rate(), type) + " (" + a.conversions() + "/" + a.n() + ")";
        }
        return Words.number(a.mean()) + " ± " + Words.number(a.sd());
    }

    private static Interval interval(Bounds b) {
        return b == null || b.lower() == null || b.upper() == null ? null : new Interval(b.lower(), b.upper());
    }

    private static String shares(Map<String, Double> shares) {
        StringBuilder sb = new StringBuilder();
        shares.forEach((arm, s) -> sb.append(sb.length() == 0 ? "" : ", ").append(arm).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", s * 100)));
        return sb.toString();
    }

    private static final String CSS = """
            :root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#57606a;--line:#d0d7de}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;max-width:1100px;margin:24px auto;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
            .meta{color:var(--muted);margin:0 0 16px}code{font-size:95%}
            .banner{padding:10px 14px;border-radius:6px;margin:12px 0}.srm{background:#ffebe9;border:1px solid var(--bad);color:#82071e}
            .verdict{border-radius:8px;padding:14px 18px;margin:12px 0;border:1px solid var(--line)}
            .verdict .label{font-size:24px;font-weight:700;letter-spacing:.02em}
            .verdict p{margin:6px 0 0}
            .verdict-ship{background:#dafbe1;border-color:var(--ok)}.verdict-ship .label{color:var(--ok)}
            .verdict-dont-ship,.verdict-guardrail-breached{background:#ffebe9;border-color:var(--bad)}
            .verdict-dont-ship .label,.verdict-guardrail-breached .label{color:var(--bad)}
            .verdict-keep-running{background:#fff8c5;border-color:var(--warn)}.verdict-keep-running .label{color:var(--warn)}
            table{border-collapse:collapse;width:100%}table.metrics{font-size:13px}th,td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
            th{font-weight:600;color:var(--muted);font-size:12px}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr.summary td{color:var(--muted);font-size:12px;border-bottom:2px solid var(--line)}
            .bar{display:inline-block;width:160px;height:10px;background:#eaeef2;border-radius:5px;vertical-align:middle;overflow:hidden}
            .bar div{height:100%;background:#0969da}
            .pill{padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;background:#eaeef2}
            .outcome-win,.outcome-non_inferior{background:#dafbe1;color:var(--ok)}
            .outcome-loss,.outcome-breached{background:#ffebe9;color:var(--bad)}
            .chart{width:100%;height:auto;display:block}.chart text{font-size:12px;fill:#1f2328}.chart .tick{fill:var(--muted);font-size:11px}
            .grid{stroke:#eaeef2}.zero{stroke:#57606a;stroke-dasharray:4 3}
            .cs{stroke:#9ecbff;stroke-linecap:round}.ci{stroke:#0969da}.point{fill:#0969da}
            .row.outcome-win .point,.row.outcome-non_inferior .point{fill:var(--ok)}.row.outcome-loss .point,.row.outcome-breached .point{fill:var(--bad)}
            .tolerance{stroke:var(--bad);stroke-width:2;stroke-dasharray:3 2}
            .band{fill:#9ecbff;fill-opacity:.45;stroke:none}.band-line{stroke:#9ecbff;stroke-width:8}
            .lift-line{fill:none;stroke:#0969da;stroke-width:2}.day{fill:#0969da}
            figure.lift{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:2px}
            .legend{color:var(--muted);font-size:12px}.key{display:inline-block;width:18px;height:6px;margin:0 4px 1px 10px;vertical-align:middle}
            .key.ci{background:#0969da;height:3px}.key.cs{background:#9ecbff;height:8px}.key.tol{border-left:2px dashed var(--bad);height:12px;width:0}
            .empty{color:var(--muted)}footer{color:var(--muted);font-size:12px;margin:32px 0}
            """;
}
