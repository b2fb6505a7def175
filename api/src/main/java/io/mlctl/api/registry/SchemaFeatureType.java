package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** A feature's type, written {@code numeric}, {@code categorical} or {@code boolean} in documents. */
@Serdeable
public enum SchemaFeatureType {
    NUMERIC, CATEGORICAL, BOOLEAN;

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SchemaFeatureType of(String word) {
        for (SchemaFeatureType t : values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown feature type '" + word
                + "' (expected numeric, categorical or boolean)");
    }
}
