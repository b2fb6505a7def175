package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.Map;

/**
 * How a dataset is judged: a configuration per feature type, overrides per feature name, and the share of drifted
 * features at which the whole dataset counts as drifted (docs/DESIGN.md "Drift statistics": 0.5).
 */
public record DriftConfig(FeatureDriftConfig numeric, FeatureDriftConfig categorical,
                          Map<String, FeatureDriftConfig> features, double datasetDriftShare) {
    public static final double DEFAULT_DATASET_DRIFT_SHARE = 0.5;

    public DriftConfig {
        features = Map.copyOf(features);
        if (!(datasetDriftShare > 0 && datasetDriftShare <= 1)) {
            throw new IllegalArgumentException("dataset drift share must be in (0, 1]: " + datasetDriftShare);
        }
    }

    public static DriftConfig defaults() {
        return new DriftConfig(FeatureDriftConfig.defaults(FeatureType.NUMERIC),
                FeatureDriftConfig.defaults(FeatureType.CATEGORICAL), Map.of(), DEFAULT_DATASET_DRIFT_SHARE);
    }

    public FeatureDriftConfig forFeature(String name, FeatureType type) {
        FeatureDriftConfig c = features.get(name);
        if (c != null) {
            return c;
        }
        return type == FeatureType.NUMERIC ? numeric : categorical;
    }
}
