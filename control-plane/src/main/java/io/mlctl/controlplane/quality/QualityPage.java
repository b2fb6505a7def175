package io.mlctl.controlplane.quality;

import io.mlctl.api.quality.QualityWindow;
import io.mlctl.html.Html;
import io.mlctl.quality.ReliabilityBin;
import io.mlctl.quality.RocPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A version's quality as one self-contained HTML page (inline CSS and SVG; no script, font or CDN), like the drift and
 * experiment reports: the per-window table (predictions, labelled, coverage, realized metrics with the CBPE estimate
 * beside each), and for binary models the reliability (calibration) chart and the ROC curve of the newest window with
 * labels. Page shell, escaping and SVG lines and texts come from the one {@link Html} helper.
 */
public final class QualityPage {
    /** Plot area of both charts (a square: both axes run 0 to 1). */
    private static final int SIZE = 300;
    private static final int PAD = 46;

    private QualityPage() {
    }

    public static String render(QualityPageData d) {
        var r = d.report();
        StringBuilder h = Html.page("Quality of " + r.model() + " version " + r.version(), CSS);
        h.append("<header><h1>Quality of <code>").append(Html.esc(r.model())).append("</code> version ")
                .append(r.version()).append("</h1><p class=\"meta\">task <b id=\"task\">").append(Html.esc(r.task()))
                .append("</b> · ").append(r.items().size()).append(" window(s) with predictions, newest first")
                .append(" · generated ").append(Html.esc(Instant.now().toString())).append("</p></header>");
        table(h, r.items());
        charts(h, d);
        h.append("<footer><p>Windows are windows of prediction time; a label that arrives late counts in its prediction's ")
                .append("window. Realized metrics are over the labelled predictions; <i>est.</i> values are CBPE ")
                .append("estimates from the scores of all the window's predictions (binary models with calibrated ")
                .append("scores), shown beside the realized value once labels arrive. ROC AUC interval: DeLong 95%.")
                .append("</p></footer>");
        return Html.end(h);
    }

    private static void table(StringBuilder h, List<QualityWindow> items) {
        h.append("<section id=\"windows\"><h2>Windows</h2>");
        if (items.isEmpty()) {
            h.append("<p id=\"windows-empty\" class=\"empty\">No predictions with a request id yet.</p></section>");
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (QualityWindow w : items) {
            if (w.metrics() != null) {
                names.addAll(w.metrics().keySet());
            }
            if (w.estimated() != null) {
                names.addAll(w.estimated().keySet());
            }
        }
        names.remove("roc_auc_ci95");
        h.append("<table class=\"windows\"><thead><tr><th>window start</th><th>end</th><th>predictions</th>")
                .append("<th>labeled</th><th>coverage</th>");
        for (String m : names) {
            h.append("<th>").append(Html.esc(m)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (QualityWindow w : items) {
            h.append("<tr data-window=\"").append(Html.esc(w.windowStart().toString())).append("\"><td>")
                    .append(Html.esc(w.windowStart().toString())).append("</td><td>").append(Html.esc(w.windowEnd().toString()))
                    .append("</td><td class=\"num\">").append(w.predictions()).append("</td><td class=\"num\">")
                    .append(w.labeled()).append("</td><td class=\"num\"><div class=\"bar\"><div style=\"width:")
                    .append(fmt("%.1f", 100 * w.coverage())).append("%\"></div></div> ")
                    .append(fmt("%.1f%%", 100 * w.coverage())).append("</td>");
            for (String m : names) {
                Object real = w.metrics() == null ? null : w.metrics().get(m);
                Object est = w.estimated() == null ? null : w.estimated().get(m);
                h.append("<td class=\"num\" data-metric=\"").append(Html.esc(m)).append("\">");
                h.append("<span class=\"real\">").append(real instanceof Number n ? number(n.doubleValue()) : "—")
                        .append("</span>");
                if ("roc_auc".equals(m) && w.metrics() != null && w.metrics().get("roc_auc_ci95") instanceof List<?> ci
                        && ci.size() == 2) {
                    h.append("<br><small class=\"ci\">[").append(number(((Number) ci.get(0)).doubleValue()))
                            .append(", ").append(number(((Number) ci.get(1)).doubleValue())).append("]</small>");
                }
                if (est instanceof Number n) {
                    h.append("<br><small class=\"est\">est. ").append(number(n.doubleValue())).append("</small>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></section>");
    }

    private static void charts(StringBuilder h, QualityPageData d) {
        h.append("<section id=\"charts\"><h2>Calibration and ROC</h2>");
        if (d.charted() == null) {
            h.append("<p id=\"charts-empty\" class=\"empty\">")
                    .append("binary".equals(d.report().task())
                            ? "No window has labels yet: the charts appear with the first labels."
                            : "Calibration and ROC charts are drawn for binary models.")
                    .append("</p></section>");
            return;
        }
        QualityWindow w = d.charted();
        h.append("<p class=\"meta\" id=\"charted-window\">newest window with labels: ")
                .append(Html.esc(w.windowStart().toString())).append(" to ").append(Html.esc(w.windowEnd().toString()))
                .append(", ").append(w.labeled()).append(" labelled predictions</p><div class=\"charts\">");
        h.append("<figure><figcaption>Reliability (ECE ").append(number(d.ece())).append(")</figcaption>");
        reliability(h, d.reliability());
        h.append("<p class=\"legend\">observed share of positives against the mean score per tenth of the score range;")
                .append(" on the dashed diagonal the scores are calibrated; circle area ∝ rows</p></figure>");
        Object auc = w.metrics() == null ? null : w.metrics().get("roc_auc");
        h.append("<figure><figcaption>ROC curve (AUC ")
                .append(auc instanceof Number n ? number(n.doubleValue()) : "undefined").append(")</figcaption>");
        roc(h, d.roc());
        h.append("<p class=\"legend\">true against false positive rate at every score threshold; the dashed diagonal ")
                .append("is a random ranking</p></figure></div></section>");
    }

    private static void reliability(StringBuilder h, List<ReliabilityBin> bins) {
        open(h, "reliability-chart", "mean score", "observed positive rate");
        long max = 1;
        for (ReliabilityBin b : bins) {
            max = Math.max(max, b.count());
        }
        List<String> points = new ArrayList<>();
        for (ReliabilityBin b : bins) {
            points.add(x(b.meanScore()) + "," + y(b.observedRate()));
        }
        if (points.size() > 1) {
            h.append("<polyline class=\"reliability-line\" points=\"").append(String.join(" ", points)).append("\"/>");
        }
        for (ReliabilityBin b : bins) {
            double radius = 3 + 7 * Math.sqrt((double) b.count() / max);
            h.append("<circle class=\"bin\" data-bin=\"").append(b.index()).append("\" cx=\"").append(x(b.meanScore()))
                    .append("\" cy=\"").append(y(b.observedRate())).append("\" r=\"").append(fmt("%.1f", radius))
                    .append("\"><title>").append(Html.esc(fmt("[%.1f, %.1f): ", b.lower(), b.upper()) + b.count()
                            + " rows, mean score " + number(b.meanScore()) + ", observed " + number(b.observedRate())))
                    .append("</title></circle>");
        }
        h.append("</svg>");
    }

    private static void roc(StringBuilder h, List<RocPoint> curve) {
        open(h, "roc-chart", "false positive rate", "true positive rate");
        if (curve.isEmpty()) {
            h.append("<text x=\"").append(PAD + SIZE / 2).append("\" y=\"").append(PAD + SIZE / 2)
                    .append("\" text-anchor=\"middle\" id=\"roc-empty\">one class only: no curve</text>");
        } else {
            List<String> points = new ArrayList<>(curve.size());
            for (RocPoint p : curve) {
                points.add(x(p.fpr()) + "," + y(p.tpr()));
            }
            h.append("<polyline class=\"roc-line\" data-points=\"").append(curve.size()).append("\" points=\"")
                    .append(String.join(" ", points)).append("\"/>");
        }
        h.append("</svg>");
    }

    /** An SVG with the unit square's frame, grid, ticks, axis titles and the dashed diagonal. */
    private static void open(StringBuilder h, String cls, String xTitle, String yTitle) {
        int full = SIZE + PAD + 16;
        h.append("<svg class=\"chart ").append(cls).append("\" viewBox=\"0 0 ").append(full).append(' ').append(full)
                .append("\" width=\"").append(full).append("\" height=\"").append(full)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">");
        for (int k = 0; k <= 10; k += 2) {
            double v = k / 10.0;
            Html.line(h, "grid", xd(v), yd(0), xd(v), yd(1));
            Html.line(h, "grid", xd(0), yd(v), xd(1), yd(v));
            Html.text(h, "tick", xd(v), yd(0) + 16, "middle", fmt("%.1f", v));
            Html.text(h, "tick", xd(0) - 6, yd(v) + 4, "end", fmt("%.1f", v));
        }
        h.append("<rect class=\"frame\" x=\"").append(x(0)).append("\" y=\"").append(y(1)).append("\" width=\"")
                .append(SIZE).append("\" height=\"").append(SIZE).append("\"/>");
        Html.line(h, "diagonal", xd(0), yd(0), xd(1), yd(1));
        Html.text(h, "axis", xd(0.5), yd(0) + 34, "middle", xTitle);
        h.append("<text class=\"axis\" transform=\"translate(12,").append(y(0.5)).append(") rotate(-90)\" ")
                .append("text-anchor=\"middle\">").append(Html.esc(yTitle)).append("</text>");
    }

    private static String x(double v) {
        return fmt("%.2f", xd(v));
    }

    private static String y(double v) {
        return fmt("%.2f", yd(v));
    }

    private static double xd(double v) {
        return PAD + v * SIZE;
    }

    private static double yd(double v) {
        return 16 + (1 - v) * SIZE;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? fmt("%.4f", v) : "—";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static final String CSS = """
            :root{--muted:#57606a;--line:#d0d7de;--accent:#0969da}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;max-width:1200px;margin:24px auto;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
            .meta{color:var(--muted);margin:0 0 12px}code{font-size:95%}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
            th{font-weight:600;color:var(--muted);font-size:12px}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            small.est{color:#8250df}small.ci{color:var(--muted)}
            .bar{display:inline-block;width:70px;height:8px;background:#eaeef2;border-radius:4px;vertical-align:middle;overflow:hidden}
            .bar div{height:100%;background:var(--accent)}
            .charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
            .chart text{font-size:12px;fill:#1f2328}.chart .tick{fill:var(--muted);font-size:11px}
            .grid{stroke:#eaeef2}.frame{fill:none;stroke:var(--line)}.diagonal{stroke:#57606a;stroke-dasharray:4 3}
            .roc-line{fill:none;stroke:#cf222e;stroke-width:2.5}
            .reliability-line{fill:none;stroke:var(--accent);stroke-width:1.5}.bin{fill:var(--accent);fill-opacity:.75}
            .legend{color:var(--muted);font-size:12px;max-width:360px}.empty{color:var(--muted)}footer{color:var(--muted);font-size:12px;margin:32px 0}
            """;
}
