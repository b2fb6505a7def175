package io.mlctl.controlplane.retrain;

import io.mlctl.api.drift.FeatureDriftResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retrain policy's {@code --on}: one or more comparisons of a feature statistic with a number, joined by commas or
 * {@code or} ({@code psi>=0.25}, {@code ks>0.2, kl>=0.1}). A feature meets the condition when any comparison holds;
 * a statistic the feature does not have (KS of a category) never holds.
 */
record Condition(List<Comparison> any, String text) {
    private static final Pattern ONE = Pattern.compile(
            "\\s*(psi|kl|js|js_distance|ks|ks_statistic|chi2|chi2_pvalue)\\s*(>=|<=|>|<)\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

    record Comparison(String statistic, String op, double threshold) {
        boolean holds(FeatureDriftResult f) {
            Double v = switch (statistic) {
                case "psi" -> f.psi();
                case "kl" -> f.kl();
                case "js" -> f.jsDistance();
                case "ks" -> f.ksStatistic();
                default -> f.chi2PValue();
            };
            if (v == null) {
                return false;
            }
            return switch (op) {
                case ">=" -> v >= threshold;
                case ">" -> v > threshold;
                case "<=" -> v <= threshold;
                default -> v < threshold;
            };
        }
    }

    /** @throws IllegalArgumentException with a readable reason */
    static Condition parse(String text) {
        List<Comparison> out = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",|\\bor\\b")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = ONE.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a condition like psi>=0.25 "
                        + "(statistics psi, kl, js, ks, chi2; operators >=, >, <=, <)");
            }
            String stat = switch (m.group(1)) {
                case "js_distance" -> "js";
                case "ks_statistic" -> "ks";
                case "chi2_pvalue" -> "chi2";
                default -> m.group(1);
            };
            out.add(new Comparison(stat, m.group(2), Double.parseDouble(m.group(3))));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty; e.g. psi>=0.25");
        }
        return new Condition(List.copyOf(out), text.trim());
    }

    boolean holds(FeatureDriftResult f) {
        return any.stream().anyMatch(c -> c.holds(f));
    }
}
