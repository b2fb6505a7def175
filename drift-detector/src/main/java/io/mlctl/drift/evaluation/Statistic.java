package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.Locale;

/**
 * A drift statistic that can decide a feature's verdict. Two are tests whose p-value decides while both samples are
 * small ({@link #isTest()}: KS and chi-square); the others are effect sizes, which decide on larger samples (see
 * {@link DriftEvaluator} for the rule).
 */
public enum Statistic {
    /** Population stability index; higher is more drift. */
    PSI,
    /** Kullback–Leibler divergence of the reference from the current data, in nats; higher is more drift. */
    KL,
    /** Jensen–Shannon distance; higher is more drift. */
    JS,
    /**
     * Two-sample Kolmogorov–Smirnov (numeric only): on small samples its p-value decides (at the chi2 level), on
     * larger ones its statistic D (higher is more drift).
     */
    KS,
    /**
     * Chi-square test of homogeneity (categorical only): its p-value, lower is more drift; it decides on small
     * samples only.
     */
    CHI2,
    /** Wasserstein-1 distance over the reference's standard deviation (numeric only); higher is more drift. */
    WASSERSTEIN,
    /** Hellinger distance over the bins or categories; higher is more drift. */
    HELLINGER,
    /** Cramér's V of the reference-vs-current table (categorical only); higher is more drift. */
    CRAMERS_V;

    /** The lower-case name used in schemas and reports ({@code psi}, {@code chi2}, {@code cramers_v}...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a smaller value means more drift (p-values). */
    public boolean lowerIsWorse() {
        return this == CHI2;
    }

    /** KS and chi-square: hypothesis tests whose p-value decides while both samples are small. */
    public boolean isTest() {
        return this == KS || this == CHI2;
    }

    public boolean appliesTo(FeatureType type) {
        return switch (this) {
            case KS, WASSERSTEIN -> type == FeatureType.NUMERIC;
            case CHI2, CRAMERS_V -> type == FeatureType.CATEGORICAL;
            default -> true;
        };
    }

    /**
     * Parses {@code psi}, {@code kl}, {@code js}, {@code ks}, {@code chi2}, {@code wasserstein}, {@code hellinger},
     * {@code cramers_v} (case-insensitive; {@code chi-square}, {@code chisquare}, {@code jensen-shannon},
     * {@code wasserstein_normed}, {@code cramersv} accepted too).
     */
    public static Statistic parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return switch (k) {
            case "psi" -> PSI;
            case "kl" -> KL;
            case "js", "jensenshannon" -> JS;
            case "ks" -> KS;
            case "chi2", "chisquare" -> CHI2;
            case "wasserstein", "wassersteinnormed" -> WASSERSTEIN;
            case "hellinger" -> HELLINGER;
            case "cramersv" -> CRAMERS_V;
            default -> throw new IllegalArgumentException("unknown drift statistic '" + s
                    + "' (expected psi, kl, js, ks, chi2, wasserstein, hellinger or cramers_v)");
        };
    }
}
