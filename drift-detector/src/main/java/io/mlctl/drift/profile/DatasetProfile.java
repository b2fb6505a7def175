package io.mlctl.drift.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Profiles of every feature of a dataset (and of the prediction, under the name the feature schema gives it,
 * {@code io.mlctl.api.registry.FeatureSchema.PREDICTION}), in a stable order. One batch's partial window, a closed window and a reference are all dataset profiles.
 */
public record DatasetProfile(Map<String, FeatureProfile> features) {
    public DatasetProfile {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public FeatureProfile feature(String name) {
        return features.get(name);
    }

    /**
     * This profile combined with another: features present in both are merged, the others kept as they are (a
     * feature absent from a batch simply had no rows there).
     */
    public DatasetProfile merge(DatasetProfile other) {
        Map<String, FeatureProfile> merged = new LinkedHashMap<>(features);
        other.features.forEach((name, p) -> merged.merge(name, p, FeatureProfile::merge));
        return new DatasetProfile(merged);
    }

    public byte[] toBytes() {
        return ProfileCodec.encode(this);
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a dataset profile or have an unsupported version
     */
    public static DatasetProfile fromBytes(byte[] bytes) {
        return ProfileCodec.decodeDataset(bytes);
    }
}
