package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed feature schema (the document of {@code fraud-features@3}). Use {@link #feature(String)} to look a
 * feature up, {@link #check(Map, Object)} to validate one sample row, and {@link #drift(Feature)} for its drift
 * settings. {@code inputs}/{@code output} say where the inference logger finds the features and the prediction in
 * a model server's request and response (absent: by name). The prediction is addressed as the feature {@link #PREDICTION} in drift reports.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSchema(String name,
                            @Nullable String description,
                            List<Feature> features,
                            @Nullable Feature prediction,
                            @Nullable DriftSettings drift,
                            @Nullable List<InputMapping> inputs,
                            @Nullable OutputMapping output,
                            @Nullable QualitySettings quality) {

    public static final String PREDICTION = "__prediction__";

    /** The canonical constructor is the one both JSON libraries read with (the record has another). */
    @Creator
    @JsonCreator
    public FeatureSchema {
    }

    /** A schema without a {@code quality} block. */
    public FeatureSchema(String name, @Nullable String description, List<Feature> features,
                         @Nullable Feature prediction, @Nullable DriftSettings drift,
                         @Nullable List<InputMapping> inputs, @Nullable OutputMapping output) {
        this(name, description, features, prediction, drift, inputs, output, null);
    }

    /** A schema without an {@code inputs}/{@code output} mapping (features are found by name). */
    public FeatureSchema(String name, @Nullable String description, List<Feature> features,
                         @Nullable Feature prediction, @Nullable DriftSettings drift) {
        this(name, description, features, prediction, drift, null, null, null);
    }

    /** The explicit input mapping of a feature, if the schema's {@code inputs} has one. */
    public Optional<InputMapping> input(String featureName) {
        return inputs == null ? Optional.empty()
                : inputs.stream().filter(m -> m.feature().equals(featureName)).findFirst();
    }

    public Optional<Feature> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }

    /**
     * Every reason the row breaks the schema (empty: valid). Checks each declared feature (required ones must be
     * present) and the prediction when the schema declares one; features the schema does not declare are reported.
     */
    public List<String> check(Map<String, ?> row, @Nullable Object predictionValue) {
        List<String> reasons = new ArrayList<>();
        for (Feature f : features) {
            f.check(row.get(f.name())).ifPresent(reasons::add);
        }
        for (String key : row.keySet()) {
            if (feature(key).isEmpty()) {
                reasons.add("unknown feature '" + key + "' (not in " + name + ")");
            }
        }
        if (prediction != null) {
            prediction.check(predictionValue).ifPresent(reasons::add);
        }
        return reasons;
    }

    /** The drift settings of a feature (or of the prediction). */
    public FeatureDriftSettings drift(Feature feature) {
        return (drift == null ? DriftSettings.NONE : drift).effective(feature);
    }
}
