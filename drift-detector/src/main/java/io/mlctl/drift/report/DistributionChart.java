package io.mlctl.drift.report;

import io.mlctl.drift.evaluation.Histogram;
import io.mlctl.html.Html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * An inline SVG bar chart of a histogram: per bin or category, the reference's proportion beside the current one.
 * Each bar carries a {@code <title>} tooltip with its exact share. Features with very many categories show the
 * {@value #MAX_BARS} largest and say so.
 */
final class DistributionChart {
    static final int MAX_BARS = 30;
    private static final int WIDTH = 460;
    private static final int HEIGHT = 190;
    private static final int LEFT = 62;
    private static final int BOTTOM = 62;
    private static final int TOP = 10;

    private DistributionChart() {
    }

    static String svg(Histogram h, String featureName) {
        List<String> labels = h.labels();
        double[] ref = h.reference();
        double[] cur = h.current();
        List<Integer> shown = IntStream.range(0, labels.size()).boxed().toList();
        boolean truncated = labels.size() > MAX_BARS;
        if (truncated) {
            shown = new ArrayList<>(shown.stream()
                    .sorted(Comparator.comparingDouble((Integer i) -> -Math.max(ref[i], cur[i])))
                    .limit(MAX_BARS).sorted().toList());
        }
        double max = 0;
        for (int i : shown) {
            max = Math.max(max, Math.max(ref[i], cur[i]));
        }
        max = max == 0 ? 1 : niceCeiling(max);
        int plotWidth = WIDTH - LEFT - 6;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double group = (double) plotWidth / shown.size();
        double bar = Math.max(1, group * 0.38);

        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" aria-label=\"distribution of ").append(Html.esc(featureName))
                .append(": reference vs current\">");
        // axis and grid
        for (int k = 0; k <= 4; k++) {
            double y = TOP + plotHeight - plotHeight * k / 4.0;
            Html.line(s, "grid", LEFT, y, WIDTH - 6, y);
            Html.text(s, "tick", LEFT - 4, y + 3, "end", percent(max * k / 4));
        }
        for (int j = 0; j < shown.size(); j++) {
            int i = shown.get(j);
            double x0 = LEFT + j * group + (group - 2 * bar) / 2;
            bar(s, "ref", x0, bar, ref[i], max, plotHeight, labels.get(i), "reference");
            bar(s, "cur", x0 + bar, bar, cur[i], max, plotHeight, labels.get(i), "current");
            if (shown.size() <= 12 || j % Math.ceil(shown.size() / 12.0) == 0) {
                double cx = LEFT + j * group + group / 2;
                s.append(String.format(Locale.ROOT,
                        "<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %d)\">%s</text>",
                        cx, HEIGHT - BOTTOM + 12, cx, HEIGHT - BOTTOM + 12, Html.esc(shorten(labels.get(i)))));
            }
        }
        Html.line(s, "axis", LEFT, TOP + plotHeight, WIDTH - 6, TOP + plotHeight);
        s.append("</svg>");
        if (truncated) {
            s.append("<p class=\"note\">showing the ").append(MAX_BARS).append(" largest of ").append(labels.size())
                    .append(" categories</p>");
        }
        return s.toString();
    }

    private static void bar(StringBuilder s, String cls, double x, double w, double p, double max, int plotHeight,
                            String label, String side) {
        double h = plotHeight * p / max;
        s.append(String.format(Locale.ROOT,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %s %s</title></rect>",
                cls, x, TOP + plotHeight - h, w, Math.max(h, p > 0 ? 0.5 : 0), Html.esc(label), side, percent(p)));
    }

    static String percent(double p) {
        if (p == 0) {
            return "0%";
        }
        double pct = p * 100;
        return String.format(Locale.ROOT, pct >= 10 ? "%.0f%%" : pct >= 1 ? "%.1f%%" : "%.2f%%", pct);
    }

    private static double niceCeiling(double x) {
        double[] steps = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};
        for (double s : steps) {
            if (x <= s) {
                return s;
            }
        }
        return x;
    }

    private static String shorten(String label) {
        return label.length() <= 16 ? label : label.substring(0, 15) + "…";
    }
}
