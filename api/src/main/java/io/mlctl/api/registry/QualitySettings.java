package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A schema's {@code quality: {task: binary|multiclass|regression, positive: 1, threshold: 0.5}} block: how labels
 * joined to predictions are scored (docs/DESIGN.md "Model quality"). {@code positive} is the label value of the positive
 * class (binary only; compared as text, so {@code 1}, {@code 1.0} and {@code "1"} agree) and {@code threshold} the
 * score from which a binary prediction counts as positive.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualitySettings(String task, @Nullable String positive, @Nullable Double threshold) {
    public static final String BINARY = "binary";
    public static final String MULTICLASS = "multiclass";
    public static final String REGRESSION = "regression";
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** The binary threshold, 0.5 unless given. */
    public double effectiveThreshold() {
        return threshold == null ? DEFAULT_THRESHOLD : threshold;
    }

    /** The positive label, {@code 1} unless given. */
    public String effectivePositive() {
        return positive == null ? "1" : positive;
    }
}
