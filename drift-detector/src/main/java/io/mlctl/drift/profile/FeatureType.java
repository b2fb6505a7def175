package io.mlctl.drift.profile;

import java.util.Locale;

/** What kind of values a feature holds; decides which profile and which statistics apply. */
public enum FeatureType {
    NUMERIC, CATEGORICAL;

    /** The lower-case name used in files and JSON ({@code numeric}, {@code categorical}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
