package io.mlctl.drift.profile;

/**
 * Observations that are not part of a feature's distribution: missing values (null, empty), NaN, and infinities.
 * They are counted, never dropped silently: together they make the null rate. Categorical features only have nulls.
 */
public record MissingCounts(long nulls, long nans, long positiveInfinities, long negativeInfinities) {
    public static final MissingCounts NONE = new MissingCounts(0, 0, 0, 0);

    public MissingCounts {
        if (nulls < 0 || nans < 0 || positiveInfinities < 0 || negativeInfinities < 0) {
            throw new IllegalArgumentException("negative missing counts");
        }
    }

    public long total() {
        return nulls + nans + positiveInfinities + negativeInfinities;
    }

    public MissingCounts plus(MissingCounts other) {
        return new MissingCounts(nulls + other.nulls, nans + other.nans,
                positiveInfinities + other.positiveInfinities, negativeInfinities + other.negativeInfinities);
    }
}
