package io.mlctl.drift.evaluation;

import io.mlctl.api.registry.DriftSettings;
import io.mlctl.drift.profile.FeatureType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How one feature is judged: which statistics decide its verdict, their thresholds, how many of the reference's
 * categories a categorical feature keeps before pooling the rest into {@value #OTHER}, and the sample size from which
 * effect sizes rather than p-values decide. Every statistic is computed and reported whatever this says; only the
 * listed ones vote.
 *
 * @param smallSample p-value tests decide while both sides have fewer values than this; effect sizes from there on
 */
public record FeatureDriftConfig(List<Statistic> statistics, Map<Statistic, Threshold> thresholds,
                                 int topCategories, long smallSample) {
    /** The bucket that pools categories beyond the top ones of a high-cardinality feature. */
    public static final String OTHER = "__other__";
    /** Categories kept by default before pooling into {@value #OTHER}. */
    public static final int DEFAULT_TOP_CATEGORIES = 100;
    /** DESIGN "Drift effect sizes": p-values decide while both samples have fewer than 1,000 values. */
    public static final long DEFAULT_SMALL_SAMPLE = 1000;

    public FeatureDriftConfig {
        statistics = List.copyOf(statistics);
        EnumMap<Statistic, Threshold> t = new EnumMap<>(Statistic.class);
        t.putAll(DEFAULT_THRESHOLDS);
        t.putAll(thresholds);
        thresholds = java.util.Collections.unmodifiableMap(t);
        if (topCategories < 1) {
            throw new IllegalArgumentException("topCategories must be positive: " + topCategories);
        }
        if (smallSample < 0) {
            throw new IllegalArgumentException("smallSample must not be negative: " + smallSample);
        }
    }

    public FeatureDriftConfig(List<Statistic> statistics, Map<Statistic, Threshold> thresholds, int topCategories) {
        this(statistics, thresholds, topCategories, DEFAULT_SMALL_SAMPLE);
    }

    /**
     * DESIGN's defaults: PSI warn 0.1 / drift 0.25, KL 0.1, KS D 0.1, chi-square p 0.001 (also the significance level
     * of the KS p-value on small samples); JS distance 0.1; normed Wasserstein 0.1, Hellinger 0.1, Cramér's V 0.1.
     */
    public static final Map<Statistic, Threshold> DEFAULT_THRESHOLDS = Map.of(
            Statistic.PSI, new Threshold(0.1, 0.25),
            Statistic.KL, Threshold.drift(0.1),
            Statistic.JS, Threshold.drift(0.1),
            Statistic.KS, Threshold.drift(0.1),
            Statistic.CHI2, Threshold.drift(0.001),
            Statistic.WASSERSTEIN, Threshold.drift(0.1),
            Statistic.HELLINGER, Threshold.drift(0.1),
            Statistic.CRAMERS_V, Threshold.drift(0.1));

    private static final List<Statistic> NUMERIC_DEFAULT =
            DriftSettings.NUMERIC_DEFAULT.stream().map(Statistic::parse).toList();
    private static final List<Statistic> CATEGORICAL_DEFAULT =
            DriftSettings.CATEGORICAL_DEFAULT.stream().map(Statistic::parse).toList();

    /** The statistics that vote unless configured otherwise (the schema's defaults, {@link DriftSettings}). */
    public static List<Statistic> defaultStatistics(FeatureType type) {
        return type == FeatureType.NUMERIC ? NUMERIC_DEFAULT : CATEGORICAL_DEFAULT;
    }

    /** Numeric features: psi, ks, kl, wasserstein; categorical: psi, chi2, kl — with the default thresholds. */
    public static FeatureDriftConfig defaults(FeatureType type) {
        return new FeatureDriftConfig(defaultStatistics(type), Map.of(), DEFAULT_TOP_CATEGORIES);
    }

    public Threshold threshold(Statistic s) {
        return thresholds.get(s);
    }

    public FeatureDriftConfig withStatistics(List<Statistic> newStatistics) {
        return new FeatureDriftConfig(newStatistics, thresholds, topCategories, smallSample);
    }

    public FeatureDriftConfig withThreshold(Statistic s, Threshold t) {
        Map<Statistic, Threshold> m = new EnumMap<>(thresholds);
        m.put(s, t);
        return new FeatureDriftConfig(statistics, m, topCategories, smallSample);
    }

    public FeatureDriftConfig withTopCategories(int n) {
        return new FeatureDriftConfig(statistics, thresholds, n, smallSample);
    }

    public FeatureDriftConfig withSmallSample(long n) {
        return new FeatureDriftConfig(statistics, thresholds, topCategories, n);
    }
}
