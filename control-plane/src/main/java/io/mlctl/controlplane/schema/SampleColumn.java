package io.mlctl.controlplane.schema;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureType;
import io.mlctl.schemadrift.SchemaDriftConfig;

/**
 * One profiled column of a sample: a schema feature, or the prediction under its profile name
 * {@value io.mlctl.api.registry.FeatureSchema#PREDICTION}. Validation is the schema's own ({@link Feature#check(Object)}).
 */
public record SampleColumn(String name, Feature feature) {

    public boolean numeric() {
        return feature.type() == FeatureType.NUMERIC;
    }

    /** The drift detector's profile type: booleans are categories ("true"/"false"). */
    public io.mlctl.drift.profile.FeatureType profileType() {
        return SchemaDriftConfig.profileType(feature);
    }
}
