package io.mlctl.controlplane.experiment.page;

import io.mlctl.controlplane.experiment.report.Words;
import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.Bounds;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricReport;
import io.mlctl.api.experiment.MetricRole;

import java.util.ArrayList;
import java.util.List;

import static io.mlctl.controlplane.experiment.page.Html.esc;
import static io.mlctl.controlplane.experiment.page.Html.xy;

/**
 * The interval ("forest") plot: one row per metric and treatment arm, the relative lift as a dot, its fixed-horizon
 * interval as a dark line and its confidence sequence as a wide pale bar, against a zero line; a guardrail's
 * tolerance is a dashed red tick.
 */
final class ForestPlot {
    private static final int WIDTH = 760;
    private static final int LABEL = 220;
    private static final int ROW = 34;
    private static final int TOP = 14;
    private static final int AXIS = 30;

    private ForestPlot() {
    }

    private record Row(MetricReport metric, ArmResult arm) {
    }

    static String svg(ExperimentReport r) {
        List<Row> rows = new ArrayList<>();
        List<Double> extent = new ArrayList<>();
        for (MetricReport m : r.metrics()) {
            for (ArmResult a : m.arms()) {
                if (a.relativeLift() == null) {
                    continue;
                }
                rows.add(new Row(m, a));
                extent.add(a.relativeLift());
                add(extent, a.relativeLiftInterval());
                add(extent, a.relativeLiftSequence());
                if (m.role() == MetricRole.guardrail && m.margin() != null) {
                    extent.add(tolerance(m));
                }
            }
        }
        if (rows.isEmpty()) {
            return "<p class=\"empty\" id=\"forest-empty\">No comparison yet: every arm needs at least 2 units.</p>";
        }
        int height = TOP + rows.size() * ROW + AXIS;
        Scale x = Scale.covering(extent, LABEL + 10, WIDTH - 20);
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"forest-plot\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"Relative lift per metric and arm with intervals\">");
        double bottom = TOP + rows.size() * ROW;
        for (double t : x.ticks(6)) {
            s.append("<line class=\"grid\" x1=\"").append(xy(x.at(t))).append("\" y1=\"").append(TOP)
                    .append("\" x2=\"").append(xy(x.at(t))).append("\" y2=\"").append(xy(bottom)).append("\"/>");
            s.append("<text class=\"tick\" x=\"").append(xy(x.at(t))).append("\" y=\"").append(xy(bottom + 18))
                    .append("\" text-anchor=\"middle\">").append(esc(Words.tick(t))).append("</text>");
        }
        s.append("<line class=\"zero\" x1=\"").append(xy(x.at(0))).append("\" y1=\"").append(TOP - 6)
                .append("\" x2=\"").append(xy(x.at(0))).append("\" y2=\"").append(xy(bottom)).append("\"/>");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double y = TOP + i * ROW + ROW / 2.0;
            String cls = "row outcome-" + row.arm().outcome().toLowerCase();
            s.append("<g class=\"").append(cls).append("\" data-metric=\"").append(esc(row.metric().name()))
                    .append("\" data-arm=\"").append(esc(row.arm().arm())).append("\">");
            s.append("<title>").append(esc(row.metric().name() + " / " + row.arm().arm() + ": "
                    + Words.percent(row.arm().relativeLift()))).append("</title>");
            s.append("<text class=\"label\" x=\"").append(LABEL).append("\" y=\"").append(xy(y + 4))
                    .append("\" text-anchor=\"end\">").append(esc(row.metric().name() + " · " + row.arm().arm()))
                    .append("</text>");
            bar(s, x, y, row.arm().relativeLiftSequence(), "cs", 12);
            bar(s, x, y, row.arm().relativeLiftInterval(), "ci", 3);
            if (row.metric().role() == MetricRole.guardrail && row.metric().margin() != null) {
                double t = x.at(tolerance(row.metric()));
                s.append("<line class=\"tolerance\" x1=\"").append(xy(t)).append("\" y1=\"").append(xy(y - 11))
                        .append("\" x2=\"").append(xy(t)).append("\" y2=\"").append(xy(y + 11)).append("\"/>");
            }
            s.append("<circle class=\"point\" cx=\"").append(xy(x.at(row.arm().relativeLift()))).append("\" cy=\"")
                    .append(xy(y)).append("\" r=\"5\"/>");
            s.append("</g>");
        }
        s.append("</svg>");
        return s.toString();
    }

    /** The relative change a guardrail tolerates, on the bad side. */
    private static double tolerance(MetricReport m) {
        return m.direction() == MetricDirection.decrease ? m.margin() : -m.margin();
    }

    private static void bar(StringBuilder s, Scale x, double y, Bounds b, String cls, double thickness) {
        if (b == null || b.lower() == null || b.upper() == null) {
            return;
        }
        s.append("<line class=\"").append(cls).append("\" x1=\"").append(xy(x.at(b.lower()))).append("\" y1=\"")
                .append(xy(y)).append("\" x2=\"").append(xy(x.at(b.upper()))).append("\" y2=\"").append(xy(y))
                .append("\" stroke-width=\"").append(xy(thickness)).append("\"/>");
    }

    private static void add(List<Double> extent, Bounds b) {
        if (b != null) {
            extent.add(b.lower());
            extent.add(b.upper());
        }
    }
}
