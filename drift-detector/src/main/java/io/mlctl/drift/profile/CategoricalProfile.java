package io.mlctl.drift.profile;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The profile of a categorical feature (strings, booleans, class labels): the count of nulls and the count of each
 * category — exactly ({@link ProfileMode#EXACT}), or in a DataSketches frequent-items sketch
 * ({@link ProfileMode#STREAMING}), which is exact up to 3/4 of its map size of distinct categories and keeps the
 * heavy hitters with bounded error beyond that.
 */
public final class CategoricalProfile implements FeatureProfile {
    /** Map size of the frequent-items sketch: exact up to 768 distinct categories. */
    public static final int DEFAULT_MAX_MAP_SIZE = 1024;

    private final ProfileMode mode;
    private final long nulls;
    private final long count;
    /** EXACT: category to count. */
    private final Map<String, Long> exact;
    /** STREAMING: never updated once the profile exists. */
    private final ItemsSketch<String> sketch;

    CategoricalProfile(ProfileMode mode, long nulls, long count, Map<String, Long> exact, ItemsSketch<String> sketch) {
        if (mode == ProfileMode.EXACT ? exact == null : sketch == null || sketch.getStreamLength() != count) {
            throw new IllegalArgumentException("categories do not match the count");
        }
        this.mode = mode;
        this.nulls = nulls;
        this.count = count;
        this.exact = exact == null ? null : Collections.unmodifiableMap(exact);
        this.sketch = sketch;
    }

    public static Builder builder(ProfileMode mode) {
        return new Builder(mode);
    }

    @Override
    public FeatureType type() {
        return FeatureType.CATEGORICAL;
    }

    @Override
    public ProfileMode mode() {
        return mode;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public MissingCounts missing() {
        return new MissingCounts(nulls, 0, 0, 0);
    }

    /** Count per category; estimates for a streaming profile past its exact range (the rest is in no category). */
    public Map<String, Long> counts() {
        if (exact != null) {
            return exact;
        }
        Map<String, Long> m = new HashMap<>();
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            m.put(row.getItem(), row.getEstimate());
        }
        return m;
    }

    /** Whether {@link #counts()} is exact. */
    public boolean exactCounts() {
        return exact != null || sketch.getMaximumError() == 0;
    }

    @Override
    public CategoricalProfile merge(FeatureProfile other) {
        if (!(other instanceof CategoricalProfile o)) {
            throw new IllegalArgumentException("cannot merge a categorical profile with a " + other.type().wireName()
                    + " one");
        }
        if (o.mode != mode) {
            throw new IllegalArgumentException("cannot merge an " + mode + " profile with a " + o.mode + " one");
        }
        if (mode == ProfileMode.EXACT) {
            Map<String, Long> m = new HashMap<>(exact);
            o.exact.forEach((k, v) -> m.merge(k, v, Long::sum));
            return new CategoricalProfile(mode, nulls + o.nulls, count + o.count, m, null);
        }
        ItemsSketch<String> merged = new ItemsSketch<>(Math.max(sketch.getMaximumMapCapacity(),
                o.sketch.getMaximumMapCapacity()) * 4 / 3);
        merged.merge(sketch);
        merged.merge(o.sketch);
        return new CategoricalProfile(mode, nulls + o.nulls, count + o.count, null, merged);
    }

    Map<String, Long> exactOrNull() {
        return exact;
    }

    ItemsSketch<String> sketch() {
        return sketch;
    }

    @Override
    public String toString() {
        return "CategoricalProfile[" + mode + ", count=" + count + ", nulls=" + nulls + "]";
    }

    /** Accumulates categories for one profile. Not thread-safe; {@link #build()} ends its use. */
    public static final class Builder {
        private final ProfileMode mode;
        private int maxMapSize = DEFAULT_MAX_MAP_SIZE;
        private long nulls;
        private long count;
        private Map<String, long[]> exact;
        private ItemsSketch<String> sketch;
        private boolean built;

        private Builder(ProfileMode mode) {
            this.mode = mode;
        }

        /** Map size of the streaming sketch, a power of two (exact up to 3/4 of it distinct categories). */
        public Builder maxMapSize(int size) {
            if (size < 8 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("map size must be a power of two >= 8: " + size);
            }
            if (exact != null || sketch != null) {
                throw new IllegalStateException("configure the builder before adding values");
            }
            this.maxMapSize = size;
            return this;
        }

        /** One observation; null is a missing value. */
        public void add(String category) {
            add(category, 1);
        }

        /** {@code n} observations of the same category (null: missing). */
        public void add(String category, long n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative count");
            }
            if (n == 0) {
                return;
            }
            if (category == null) {
                nulls += n;
                return;
            }
            if (built) {
                throw new IllegalStateException("this builder has already built its profile");
            }
            count += n;
            if (mode == ProfileMode.EXACT) {
                if (exact == null) {
                    exact = new HashMap<>();
                }
                long[] c = exact.get(category);
                if (c == null) {
                    exact.put(category, new long[]{n});
                } else {
                    c[0] += n;
                }
            } else {
                if (sketch == null) {
                    sketch = new ItemsSketch<>(maxMapSize);
                }
                sketch.update(category, n);
            }
        }

        public void addNull() {
            nulls++;
        }

        public void addNulls(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative count");
            }
            nulls += n;
        }

        public CategoricalProfile build() {
            if (built) {
                throw new IllegalStateException("this builder has already built its profile");
            }
            built = true;
            if (mode == ProfileMode.EXACT) {
                Map<String, Long> m = new HashMap<>();
                if (exact != null) {
                    exact.forEach((k, v) -> m.put(k, v[0]));
                }
                return new CategoricalProfile(mode, nulls, count, m, null);
            }
            ItemsSketch<String> s = sketch == null ? new ItemsSketch<>(maxMapSize) : sketch;
            return new CategoricalProfile(mode, nulls, count, null, s);
        }
    }
}
