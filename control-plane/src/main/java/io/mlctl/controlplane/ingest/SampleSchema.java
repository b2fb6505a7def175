package io.mlctl.controlplane.ingest;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.FeatureType;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.evaluation.Statistic;
import io.mlctl.drift.evaluation.Threshold;
import io.mlctl.drift.profile.DatasetProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's feature schema as ingest and drift use it: the profiled columns (features in schema order, then
 * the prediction as {@value DatasetProfile#PREDICTION} when the schema declares one), the drift configuration built
 * from the schema's {@code drift:} block over the detector's defaults, and the reference bins per numeric column.
 *
 * @param ref name@N of the feature schema
 */
public record SampleSchema(String ref, FeatureSchema schema, List<Column> columns, DriftConfig drift,
                           Map<String, Integer> bins) {

    public SampleSchema {
        columns = List.copyOf(columns);
        bins = Map.copyOf(bins);
    }

    public static SampleSchema of(String ref, FeatureSchema schema) {
        List<Column> columns = new ArrayList<>();
        schema.features().forEach(f -> columns.add(new Column(f.name(), f)));
        if (schema.prediction() != null) {
            columns.add(new Column(DatasetProfile.PREDICTION, schema.prediction()));
        }
        Map<String, FeatureDriftConfig> perFeature = new LinkedHashMap<>();
        Map<String, Integer> bins = new HashMap<>();
        for (Column c : columns) {
            io.mlctl.api.registry.FeatureDrift d = schema.drift(c.feature());
            FeatureDriftConfig config = FeatureDriftConfig.defaults(c.profileType());
            if (d.statistics() != null) {
                config = config.withStatistics(d.statistics().stream().map(Statistic::parse)
                        .filter(s -> s.appliesTo(c.profileType())).toList());
            }
            if (d.thresholds() != null) {
                for (Map.Entry<String, Double> t : d.thresholds().entrySet()) {
                    Statistic s = Statistic.parse(t.getKey());
                    Threshold base = config.threshold(s);
                    config = config.withThreshold(s, base.withDrift(t.getValue(), s.lowerIsWorse()));
                }
            }
            perFeature.put(c.name(), config);
            if (c.feature().type() == FeatureType.NUMERIC) {
                bins.put(c.name(), d.bins() == null ? io.mlctl.api.registry.DriftSettings.BINS_DEFAULT : d.bins());
            }
        }
        DriftConfig defaults = DriftConfig.defaults();
        DriftConfig drift = new DriftConfig(defaults.numeric(), defaults.categorical(), perFeature,
                DriftConfig.DEFAULT_DATASET_DRIFT_SHARE);
        return new SampleSchema(ref, schema, columns, drift, bins);
    }

    /** Column index by feature name (the prediction is not in it). */
    public Map<String, Integer> featureIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).name().equals(DatasetProfile.PREDICTION)) {
                m.put(columns.get(i).name(), i);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Index of the prediction column, or -1 when the schema declares no prediction. */
    public int predictionIndex() {
        int last = columns.size() - 1;
        return last >= 0 && columns.get(last).name().equals(DatasetProfile.PREDICTION) ? last : -1;
    }

    public int binsOf(String column) {
        return bins.getOrDefault(column, io.mlctl.api.registry.DriftSettings.BINS_DEFAULT);
    }

}
