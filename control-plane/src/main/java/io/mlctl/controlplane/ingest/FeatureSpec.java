package io.mlctl.controlplane.ingest;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.drift.profile.FeatureType;

import java.util.Set;

/**
 * One feature (or the prediction) of a sample schema, as ingest validates it.
 *
 * @param kind       numeric, categorical or boolean (booleans are profiled as the categories "true" and "false")
 * @param required   the value must be present and, for numbers, finite: null, absent and NaN are rejected
 * @param values     the allowed categories (null: any)
 * @param allowOther categories outside {@code values} are accepted (and profiled as themselves)
 */
public record FeatureSpec(String name, Kind kind, boolean required, @Nullable Double min, @Nullable Double max,
                          @Nullable Set<String> values, boolean allowOther) {

    public enum Kind { NUMERIC, CATEGORICAL, BOOLEAN }

    public FeatureSpec {
        values = values == null ? null : Set.copyOf(values);
    }

    public static FeatureSpec numeric(String name) {
        return new FeatureSpec(name, Kind.NUMERIC, false, null, null, null, true);
    }

    public static FeatureSpec categorical(String name) {
        return new FeatureSpec(name, Kind.CATEGORICAL, false, null, null, null, true);
    }

    /** The drift detector's profile type: booleans are categories. */
    public FeatureType profileType() {
        return kind == Kind.NUMERIC ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
    }

    public boolean numeric() {
        return kind == Kind.NUMERIC;
    }

    /** Why a finite number is outside the domain, or null when it is inside. */
    @Nullable
    String outOfDomain(double v) {
        if (min != null && v < min) {
            return "value " + v + " is below the minimum " + min;
        }
        if (max != null && v > max) {
            return "value " + v + " is above the maximum " + max;
        }
        return null;
    }

    /** Why a category is not allowed, or null when it is. */
    @Nullable
    String notAllowed(String category) {
        if (values != null && !allowOther && !values.contains(category)) {
            return "'" + abbreviate(category) + "' is not one of the allowed values " + values;
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
