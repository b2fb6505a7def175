package io.mlctl.controlplane.schema;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.profile.Bins;
import io.mlctl.schemadrift.SchemaDriftConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's feature schema as ingest and drift use it: the profiled columns (features in schema order, then
 * the prediction as {@value FeatureSchema#PREDICTION} when the schema declares one), the drift configuration built
 * from the schema's {@code drift:} block over the detector's defaults, and the reference bins per numeric column
 * (both from {@link SchemaDriftConfig}, which {@code mlctl drift compare --schema} uses too).
 *
 * @param ref name@N of the feature schema
 */
public record SampleSchema(String ref, FeatureSchema schema, List<SampleColumn> columns, DriftConfig drift,
                           Map<String, Integer> bins) {

    public SampleSchema {
        columns = List.copyOf(columns);
        bins = Map.copyOf(bins);
    }

    public static SampleSchema of(String ref, FeatureSchema schema) {
        SchemaDriftConfig drift = SchemaDriftConfig.of(schema);
        List<SampleColumn> columns = new ArrayList<>();
        drift.columns().forEach((name, feature) -> columns.add(new SampleColumn(name, feature)));
        return new SampleSchema(ref, schema, columns, drift.config(), drift.bins());
    }

    /** Column index by feature name (the prediction is not in it). */
    public Map<String, Integer> featureIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).name().equals(FeatureSchema.PREDICTION)) {
                m.put(columns.get(i).name(), i);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Index of the prediction column, or -1 when the schema declares no prediction. */
    public int predictionIndex() {
        int last = columns.size() - 1;
        return last >= 0 && columns.get(last).name().equals(FeatureSchema.PREDICTION) ? last : -1;
    }

    public int binsOf(String column) {
        return bins.getOrDefault(column, Bins.DEFAULT_BINS);
    }

}
