package io.mlctl.controlplane.ingest;

import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.profile.DatasetProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model version's samples must look like, compiled from its feature schema: the features in schema order, the
 * prediction (profiled as {@value DatasetProfile#PREDICTION}), how drift is judged and how many reference bins.
 *
 * @param ref name@N of the feature schema
 */
public record SampleSchema(String ref, List<FeatureSpec> features, FeatureSpec prediction, DriftConfig drift,
                           int bins) {
    public static final int DEFAULT_BINS = 10;

    public SampleSchema {
        features = List.copyOf(features);
    }

    /** Features and then the prediction, under the names their profiles use. */
    public List<FeatureSpec> columns() {
        List<FeatureSpec> all = new ArrayList<>(features);
        all.add(new FeatureSpec(DatasetProfile.PREDICTION, prediction.kind(), prediction.required(), prediction.min(),
                prediction.max(), prediction.values(), prediction.allowOther()));
        return Collections.unmodifiableList(all);
    }

    /** Column index by feature name (the prediction is the last column). */
    public Map<String, Integer> featureIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            m.put(features.get(i).name(), i);
        }
        return m;
    }
}
