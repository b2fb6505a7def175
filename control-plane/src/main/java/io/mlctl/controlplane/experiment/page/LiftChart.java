package io.mlctl.controlplane.experiment.page;

import io.mlctl.controlplane.experiment.report.Words;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.LiftPoint;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.controlplane.experiment.page.Html.esc;
import static io.mlctl.controlplane.experiment.page.Html.xy;

/**
 * Cumulative relative lift over time, one small chart per metric and treatment arm: the lift at the end of each day
 * as a line, its confidence sequence as a shaded band, and zero. A band that leaves zero behind is a decision.
 */
final class LiftChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 24;
    private static final int BOTTOM = 36;

    private LiftChart() {
    }

    static String svgs(ExperimentReport r) {
        Map<String, List<LiftPoint>> series = new LinkedHashMap<>();
        for (LiftPoint p : r.timeline()) {
            series.computeIfAbsent(p.metric() + " · " + p.arm(), k -> new ArrayList<>()).add(p);
        }
        if (series.isEmpty()) {
            return "<p class=\"empty\" id=\"timeline-empty\">No lift to draw yet: every arm needs at least 2 units.</p>";
        }
        StringBuilder s = new StringBuilder();
        series.forEach((name, points) -> s.append(chart(name, points)));
        return s.toString();
    }

    private static String chart(String name, List<LiftPoint> points) {
        List<Double> extent = new ArrayList<>();
        for (LiftPoint p : points) {
            extent.add(p.relativeLift());
            extent.add(p.confidenceSequence().lower());
            extent.add(p.confidenceSequence().upper());
        }
        Scale y = Scale.covering(extent, HEIGHT - BOTTOM, TOP);
        int n = points.size();
        double span = WIDTH - LEFT - RIGHT;
        // one day draws in the middle; several spread from edge to edge
        java.util.function.IntFunction<Double> x = i -> n == 1 ? LEFT + span / 2 : LEFT + span * i / (n - 1);
        StringBuilder s = new StringBuilder();
        s.append("<figure class=\"lift\"><figcaption>").append(esc(name)).append("</figcaption>");
        s.append("<svg class=\"chart lift-chart\" data-series=\"").append(esc(name))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Cumulative relative lift of ").append(esc(name)).append("\">");
        for (double t : y.ticks(5)) {
            s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(xy(y.at(t))).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(xy(y.at(t))).append("\"/>");
            s.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(xy(y.at(t) + 4))
                    .append("\" text-anchor=\"end\">").append(esc(Words.tick(t))).append("</text>");
        }
        // the band: upper bounds left to right, then lower bounds back
        StringBuilder band = new StringBuilder();
        boolean bounded = points.stream().allMatch(p -> p.confidenceSequence().lower() != null && p.confidenceSequence().upper() != null);
        if (bounded) {
            for (int i = 0; i < n; i++) {
                band.append(xy(x.apply(i))).append(',').append(xy(y.at(points.get(i).confidenceSequence().upper()))).append(' ');
            }
            for (int i = n - 1; i >= 0; i--) {
                band.append(xy(x.apply(i))).append(',').append(xy(y.at(points.get(i).confidenceSequence().lower()))).append(' ');
            }
            if (n == 1) {
                s.append("<line class=\"band-line\" x1=\"").append(xy(x.apply(0))).append("\" y1=\"")
                        .append(xy(y.at(points.get(0).confidenceSequence().upper()))).append("\" x2=\"").append(xy(x.apply(0)))
                        .append("\" y2=\"").append(xy(y.at(points.get(0).confidenceSequence().lower()))).append("\"/>");
            } else {
                s.append("<polygon class=\"band\" points=\"").append(band.toString().trim()).append("\"/>");
            }
        }
        s.append("<line class=\"zero\" x1=\"").append(LEFT).append("\" y1=\"").append(xy(y.at(0))).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(xy(y.at(0))).append("\"/>");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            line.append(xy(x.apply(i))).append(',').append(xy(y.at(points.get(i).relativeLift()))).append(' ');
        }
        s.append("<polyline class=\"lift-line\" points=\"").append(line.toString().trim()).append("\"/>");
        for (int i = 0; i < n; i++) {
            LiftPoint p = points.get(i);
            s.append("<circle class=\"day\" cx=\"").append(xy(x.apply(i))).append("\" cy=\"").append(xy(y.at(p.relativeLift())))
                    .append("\" r=\"3\"><title>").append(esc(p.day() + ": " + Words.percent(p.relativeLift()) + " ("
                            + p.controlUnits() + " control, " + p.armUnits() + " " + p.arm() + " units)"))
                    .append("</title></circle>");
        }
        for (int i : labelled(n)) {
            LocalDate d = points.get(i).day();
            s.append("<text class=\"tick\" x=\"").append(xy(x.apply(i))).append("\" y=\"").append(HEIGHT - BOTTOM + 18)
                    .append("\" text-anchor=\"").append(n == 1 ? "middle" : i == 0 ? "start" : i == n - 1 ? "end" : "middle")
                    .append("\">").append(esc(d.toString())).append("</text>");
        }
        s.append("</svg></figure>");
        return s.toString();
    }

    /** At most 6 date labels, always the first and the last. */
    private static List<Integer> labelled(int n) {
        List<Integer> idx = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil((n - 1) / 5.0));
        for (int i = 0; i < n; i += step) {
            idx.add(i);
        }
        if (idx.get(idx.size() - 1) != n - 1) {
            idx.add(n - 1);
        }
        return idx;
    }
}
