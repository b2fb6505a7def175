package io.mlctl.cli.drift;

import io.mlctl.drift.profile.FeatureType;

import java.util.Map;
import java.util.Set;

/**
 * Which columns of a file to read, and the types a schema declares for them.
 *
 * @param only     the columns to read; null reads every column
 * @param declared types fixed in advance (no inference; text in a numeric column is an error)
 */
record ReadPlan(Set<String> only, Map<String, FeatureType> declared) {
    static final ReadPlan ALL = new ReadPlan(null, Map.of());

    boolean wants(String column) {
        return only == null || only.contains(column);
    }

    FeatureType declared(String column) {
        return declared.get(column);
    }
}
