package io.mlctl.controlplane.retrain;

import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.quality.MetricNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retrain policy's {@code --on}: one or more comparisons with a number, joined by commas or {@code or}. A comparison
 * names a feature statistic ({@code psi>=0.25}, {@code ks>0.2, kl>=0.1}: a feature meets the condition when any of
 * them holds; a statistic the feature does not have, KS of a category, never holds) or a realized quality metric
 * ({@code roc_auc<0.85}, any name of {@link MetricNames#SCALARS}: a window of prediction time with enough labels meets
 * it when any of them holds; a metric the window does not have never holds). Drift reports apply the first kind
 * ({@code any}), label arrivals the second ({@code quality}).
 */
record Condition(List<Comparison> any, List<QualityComparison> quality, String text) {
    private static final Pattern ONE = Pattern.compile(
            "\\s*([a-z0-9_]+)\\s*(>=|<=|>|<)\\s*(-?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");
    private static final Set<String> DRIFT = Set.of("psi", "kl", "js", "js_distance", "ks", "ks_statistic", "chi2",
            "chi2_pvalue");

    /** A realized quality metric compared with a number. */
    record QualityComparison(String metric, String op, double threshold) {
        boolean holds(Map<String, Object> metrics) {
            return metrics != null && metrics.get(metric) instanceof Number v
                    && compare(v.doubleValue(), op, threshold);
        }

        String text() {
            return metric + op + threshold;
        }
    }

    private static boolean compare(double v, String op, double threshold) {
        return switch (op) {
            case ">=" -> v >= threshold;
            case ">" -> v > threshold;
            case "<=" -> v <= threshold;
            default -> v < threshold;
        };
    }

    record Comparison(String statistic, String op, double threshold) {
        boolean holds(FeatureDriftResult f) {
            Double v = switch (statistic) {
                case "psi" -> f.psi();
                case "kl" -> f.kl();
                case "js" -> f.jsDistance();
                case "ks" -> f.ksStatistic();
                default -> f.chi2PValue();
            };
            return v != null && compare(v, op, threshold);
        }
    }

    /** @throws IllegalArgumentException with a readable reason */
    static Condition parse(String text) {
        List<Comparison> out = new ArrayList<>();
        List<QualityComparison> quality = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",|\\bor\\b")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = ONE.matcher(part);
            if (!m.matches() || !(DRIFT.contains(m.group(1)) || MetricNames.SCALARS.contains(m.group(1)))) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a condition like psi>=0.25 or "
                        + "roc_auc<0.85 (drift statistics psi, kl, js, ks, chi2; quality metrics "
                        + String.join(", ", MetricNames.SCALARS) + "; operators >=, >, <=, <)");
            }
            if (!DRIFT.contains(m.group(1))) {
                quality.add(new QualityComparison(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
                continue;
            }
            String stat = switch (m.group(1)) {
                case "js_distance" -> "js";
                case "ks_statistic" -> "ks";
                case "chi2_pvalue" -> "chi2";
                default -> m.group(1);
            };
            out.add(new Comparison(stat, m.group(2), Double.parseDouble(m.group(3))));
        }
        if (out.isEmpty() && quality.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty; e.g. psi>=0.25");
        }
        return new Condition(List.copyOf(out), List.copyOf(quality), text.trim());
    }

    boolean holds(FeatureDriftResult f) {
        return any.stream().anyMatch(c -> c.holds(f));
    }

    /** The quality comparisons that hold on a window's realized metrics (empty: none). */
    List<QualityComparison> breached(Map<String, Object> metrics) {
        return quality.stream().filter(q -> q.holds(metrics)).toList();
    }
}
