package io.mlctl.api.registry;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One difference between two schema versions. {@code breaking} changes make the newer version incompatible: data
 * valid for the old schema may be rejected by the new one (a feature removed or newly required, a type changed, a
 * domain narrowed), or where the inference logger finds a feature or the prediction changes (a mapping).
 */
@Serdeable
public record SchemaChange(String feature, Kind kind, boolean breaking, String detail) {

    @Serdeable
    public enum Kind {
        FEATURE_ADDED, REQUIRED_FEATURE_ADDED, FEATURE_REMOVED, TYPE_CHANGED, BECAME_REQUIRED, BECAME_OPTIONAL,
        DOMAIN_NARROWED, DOMAIN_WIDENED, PREDICTION_ADDED, PREDICTION_REMOVED, DRIFT_SETTINGS_CHANGED,
        /** An {@code inputs} mapping of a feature, or the {@code output} mapping, added, removed or changed. */
        MAPPING_CHANGED
    }
}
