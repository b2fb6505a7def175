package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.Locale;

/** A drift statistic that can decide a feature's verdict. */
public enum Statistic {
    /** Population stability index; higher is more drift. */
    PSI,
    /** Kullback–Leibler divergence of the reference from the current data, in nats; higher is more drift. */
    KL,
    /** Jensen–Shannon distance; higher is more drift. */
    JS,
    /** Two-sample Kolmogorov–Smirnov statistic D (numeric only); higher is more drift. */
    KS,
    /** Chi-square test of homogeneity (categorical only); its p-value, lower is more drift. */
    CHI2;

    /** The lower-case name used in schemas and reports ({@code psi}, {@code chi2}...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a smaller value means more drift (p-values). */
    public boolean lowerIsWorse() {
        return this == CHI2;
    }

    public boolean appliesTo(FeatureType type) {
        return switch (this) {
            case KS -> type == FeatureType.NUMERIC;
            case CHI2 -> type == FeatureType.CATEGORICAL;
            default -> true;
        };
    }

    /**
     * Parses {@code psi}, {@code kl}, {@code js}, {@code ks}, {@code chi2} (case-insensitive; {@code chi-square},
     * {@code chisquare}, {@code jensen-shannon} accepted too).
     */
    public static Statistic parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return switch (k) {
            case "psi" -> PSI;
            case "kl" -> KL;
            case "js", "jensenshannon" -> JS;
            case "ks" -> KS;
            case "chi2", "chisquare" -> CHI2;
            default -> throw new IllegalArgumentException("unknown drift statistic '" + s
                    + "' (expected psi, kl, js, ks or chi2)");
        };
    }
}
