package io.mlctl.controlplane.ingest;

import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.schemadrift.SchemaDriftConfig;

/**
 * One profiled column of a sample: a schema feature, or the prediction under its profile name
 * {@code __prediction__}. Validation is the schema's own ({@link Feature#check(Object)}).
 */
public record Column(String name, Feature feature) {

    public boolean numeric() {
        return feature.type() == SchemaFeatureType.NUMERIC;
    }

    /** The drift detector's profile type: booleans are categories ("true"/"false"). */
    public io.mlctl.drift.profile.FeatureType profileType() {
        return SchemaDriftConfig.profileType(feature);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
