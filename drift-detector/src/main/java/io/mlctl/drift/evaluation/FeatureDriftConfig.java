package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How one feature is judged: which statistics decide its verdict, their thresholds, and how many of the reference's
 * categories a categorical feature keeps before pooling the rest into {@value #OTHER}. Every statistic is computed
 * and reported whatever this says; only the listed ones vote.
 */
public record FeatureDriftConfig(List<Statistic> statistics, Map<Statistic, Threshold> thresholds,
                                 int topCategories) {
    /** The bucket that pools categories beyond the top ones of a high-cardinality feature. */
    public static final String OTHER = "__other__";
    /** Categories kept by default before pooling into {@value #OTHER}. */
    public static final int DEFAULT_TOP_CATEGORIES = 100;

    public FeatureDriftConfig {
        statistics = List.copyOf(statistics);
        EnumMap<Statistic, Threshold> t = new EnumMap<>(Statistic.class);
        t.putAll(DEFAULT_THRESHOLDS);
        t.putAll(thresholds);
        thresholds = java.util.Collections.unmodifiableMap(t);
        if (topCategories < 1) {
            throw new IllegalArgumentException("topCategories must be positive: " + topCategories);
        }
    }

    /** DESIGN's defaults: PSI warn 0.1 / drift 0.25, KL 0.1, KS D 0.1, chi-square p 0.001; JS distance 0.1. */
    public static final Map<Statistic, Threshold> DEFAULT_THRESHOLDS = Map.of(
            Statistic.PSI, new Threshold(0.1, 0.25),
            Statistic.KL, Threshold.drift(0.1),
            Statistic.JS, Threshold.drift(0.1),
            Statistic.KS, Threshold.drift(0.1),
            Statistic.CHI2, Threshold.drift(0.001));

    /** Numeric features: psi, ks, kl; categorical: psi, chi2, kl — with the default thresholds. */
    public static FeatureDriftConfig defaults(FeatureType type) {
        List<Statistic> stats = type == FeatureType.NUMERIC
                ? List.of(Statistic.PSI, Statistic.KS, Statistic.KL)
                : List.of(Statistic.PSI, Statistic.CHI2, Statistic.KL);
        return new FeatureDriftConfig(stats, Map.of(), DEFAULT_TOP_CATEGORIES);
    }

    public Threshold threshold(Statistic s) {
        return thresholds.get(s);
    }

    public FeatureDriftConfig withStatistics(List<Statistic> newStatistics) {
        return new FeatureDriftConfig(newStatistics, thresholds, topCategories);
    }

    public FeatureDriftConfig withThreshold(Statistic s, Threshold t) {
        Map<Statistic, Threshold> m = new EnumMap<>(thresholds);
        m.put(s, t);
        return new FeatureDriftConfig(statistics, m, topCategories);
    }

    public FeatureDriftConfig withTopCategories(int n) {
        return new FeatureDriftConfig(statistics, thresholds, n);
    }
}
