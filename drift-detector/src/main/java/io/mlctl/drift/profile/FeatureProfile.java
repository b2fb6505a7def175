package io.mlctl.drift.profile;

/**
 * What the drift detector knows about one feature (or the prediction) over some rows: a reference, a window, or a
 * batch's partial window. Profiles are immutable; {@link #merge} combines two profiles of the same kind into a new
 * one (window roll-ups, replicas), and {@link #toBytes()} / {@link #fromBytes(byte[])} store them.
 */
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

    FeatureType type();

    ProfileMode mode();

    /** Observations that are part of the distribution (finite numbers, non-null categories). */
    long count();

    /** Observations that are not (nulls, NaN, infinities). */
    MissingCounts missing();

    /** All observations. */
    default long rows() {
        return count() + missing().total();
    }

    /** Share of rows that are null, NaN or infinite; NaN when there are no rows. */
    default double nullRate() {
        long rows = rows();
        return rows == 0 ? Double.NaN : (double) missing().total() / rows;
    }

    /**
     * This profile combined with another of the same type and mode (and, for numbers, the same bins): as if one
     * profile had seen both sets of rows.
     *
     * @throws IllegalArgumentException when the two cannot be combined
     */
    FeatureProfile merge(FeatureProfile other);

    /** Compact binary form, starting with a format version; read back with {@link #fromBytes(byte[])}. */
    default byte[] toBytes() {
        return ProfileCodec.encode(this);
    }

    /**
     * Reads a profile written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not a profile or have an unsupported format version
     */
    static FeatureProfile fromBytes(byte[] bytes) {
        return ProfileCodec.decode(bytes);
    }
}
