package io.mlctl.schemadrift;

import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureDrift;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.evaluation.Statistic;
import io.mlctl.drift.evaluation.Threshold;
import io.mlctl.drift.profile.Bins;
import io.mlctl.drift.profile.FeatureType;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a feature schema's {@code drift:} block judges data: the detector's {@link DriftConfig} (statistics, warn and
 * drift levels per profiled column, the dataset drift share) and the reference bins of each numeric column. The
 * profiled columns are the schema's features in order, then the prediction as {@value FeatureSchema#PREDICTION}.
 * The control plane's windows and {@code mlctl drift compare --schema} both judge through this, so one document
 * gives one verdict wherever it is used.
 *
 * @param columns profile name to the schema feature it profiles, in profile order
 * @param bins    reference bins by profile name, numeric columns only
 */
public record SchemaDriftConfig(Map<String, Feature> columns, DriftConfig config, Map<String, Integer> bins) {

    public SchemaDriftConfig {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        bins = Map.copyOf(bins);
    }

    public static SchemaDriftConfig of(FeatureSchema schema) {
        Map<String, Feature> columns = new LinkedHashMap<>();
        schema.features().forEach(f -> columns.put(f.name(), f));
        if (schema.prediction() != null) {
            columns.put(FeatureSchema.PREDICTION, schema.prediction());
        }
        Map<String, FeatureDriftConfig> perFeature = new LinkedHashMap<>();
        Map<String, Integer> bins = new LinkedHashMap<>();
        columns.forEach((name, feature) -> {
            FeatureType type = profileType(feature);
            FeatureDrift settings = schema.drift(feature);
            perFeature.put(name, config(type, settings));
            if (type == FeatureType.NUMERIC) {
                bins.put(name, settings.bins() == null ? Bins.DEFAULT_BINS : settings.bins());
            }
        });
        DriftConfig defaults = DriftConfig.defaults();
        Double share = schema.drift() == null ? null : schema.drift().datasetDriftShare();
        return new SchemaDriftConfig(columns, new DriftConfig(defaults.numeric(), defaults.categorical(), perFeature,
                share == null ? DriftConfig.DEFAULT_DATASET_DRIFT_SHARE : share), bins);
    }

    /** The detector's type of a schema feature: booleans are categories ("true"/"false"). */
    public static FeatureType profileType(Feature feature) {
        return feature.type() == io.mlctl.api.registry.FeatureType.NUMERIC ? FeatureType.NUMERIC
                : FeatureType.CATEGORICAL;
    }

    public int binsOf(String column) {
        return bins.getOrDefault(column, Bins.DEFAULT_BINS);
    }

    private static FeatureDriftConfig config(FeatureType type, FeatureDrift settings) {
        FeatureDriftConfig config = FeatureDriftConfig.defaults(type);
        if (settings.statistics() != null) {
            config = config.withStatistics(settings.statistics().stream().map(Statistic::parse)
                    .filter(s -> s.appliesTo(type)).toList());
        }
        Map<String, Double> drift = settings.thresholds() == null ? Map.of() : settings.thresholds();
        Map<String, Double> warn = settings.warn() == null ? Map.of() : settings.warn();
        Set<String> statistics = new LinkedHashSet<>(drift.keySet());
        statistics.addAll(warn.keySet());
        for (String key : statistics) {
            Statistic s = Statistic.parse(key);
            Threshold t = config.threshold(s);
            Double w = warn.get(key);
            if (w != null) {
                t = new Threshold(w, t.drift());
            }
            Double d = drift.get(key);
            // a drift level alone keeps the default warn level when it still comes first (PSI 0.1); either way a
            // warn level that does not come before the drift level is dropped
            t = t.withDrift(d == null ? t.drift() : d, s.lowerIsWorse());
            config = config.withThreshold(s, t);
        }
        return config;
    }
}
