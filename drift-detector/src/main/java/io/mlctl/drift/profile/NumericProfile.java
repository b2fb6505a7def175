package io.mlctl.drift.profile;

import io.mlctl.drift.stats.EmpiricalCdf;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

import java.util.Arrays;

/**
 * The profile of a numeric feature: counts of missing values, the finite values themselves ({@link ProfileMode#EXACT})
 * or a KLL quantile sketch of them ({@link ProfileMode#STREAMING}), and optionally counts per bin.
 *
 * <p>A <em>reference</em> is built with {@link Builder#referenceBins(int)}: its edges come from its own data when it
 * is built (NumPy-linear quantiles when exact, the sketch's quantiles when streaming) and stay fixed from then on.
 * A <em>window</em> is built with the reference's edges ({@link #windowBuilder(ProfileMode)}), so its bin counts are
 * exact as values stream in, whatever the mode. Infinite values and NaN are counted in {@link #missing()} and are not
 * part of the distribution.
 */
public final class NumericProfile implements FeatureProfile {
    /**
     * KLL k of streaming references. A reference's edges are its sketch's quantiles, so the sketch's rank error moves
     * them, and PSI on undrifted data is small enough (~0.005) to feel that: k = 4096 keeps the error of PSI in the
     * low percents (normalized rank error ≈ 0.07%), for at most ~100 KB per feature, built once per model version.
     */
    public static final int DEFAULT_REFERENCE_SKETCH_K = 4096;
    /**
     * KLL k of streaming windows. Bin counts of windows are exact anyway, so the sketch serves the KS statistic and the
     * Wasserstein distance. KS would do with k = 512, but W1 on undrifted data is only the sampling noise of the two
     * samples (0.034 σ at 5,000 + 5,000 values) and a k = 512 window compacting 5,000 values adds noise of that size
     * (up to 27% off SciPy); at k = 4096, the reference's k, a window holds its first 4,096 values exactly and the
     * fixtures stay within 4% (docs/DRIFT.md). Cost: up to ~95 KB per numeric feature of a window (was ~13 KB).
     */
    public static final int DEFAULT_WINDOW_SKETCH_K = 4096;

    private final ProfileMode mode;
    private final MissingCounts missing;
    private final long count;
    /** Interior bin edges, or null when the profile was built without bins. */
    private final double[] edges;
    /** Counts per bin (edges.length + 1), exact except for a streaming reference's, which its sketch estimates. */
    private final double[] binCounts;
    /** EXACT: the finite values, ascending. */
    private final double[] sorted;
    /** STREAMING: never updated once the profile exists (merges work on copies). */
    private final KllDoublesSketch sketch;
    /** STREAMING: streamed as values arrive; EXACT: computed from the values when first asked for. */
    private volatile Moments moments;
    private volatile EmpiricalCdf cdf;

    NumericProfile(ProfileMode mode, MissingCounts missing, long count, double[] edges, double[] binCounts,
                   double[] sorted, KllDoublesSketch sketch, Moments moments) {
        if ((edges == null) != (binCounts == null) || (edges != null && binCounts.length != edges.length + 1)) {
            throw new IllegalArgumentException("bin counts do not match the edges");
        }
        if (edges != null) {
            Bins.checkEdges(edges);
        }
        if (mode == ProfileMode.EXACT ? sorted == null || sorted.length != count
                : sketch == null || sketch.getN() != count) {
            throw new IllegalArgumentException("values do not match the count");
        }
        this.mode = mode;
        this.missing = missing;
        this.count = count;
        this.edges = edges;
        this.binCounts = binCounts;
        this.sorted = sorted;
        this.sketch = sketch;
        if (moments != null && moments.count() != count) {
            throw new IllegalArgumentException("moments do not match the count");
        }
        this.moments = moments != null ? moments : mode == ProfileMode.STREAMING ? sketchMoments(sketch) : null;
    }

    /**
     * Count, mean and M2 of the finite values: exact from the values, streamed when the profile is a sketch (exact
     * up to rounding either way). The standard deviation normalizes the Wasserstein distance.
     */
    public Moments moments() {
        Moments m = moments;
        if (m == null) {
            m = Moments.of(sorted, sorted.length);
            moments = m;
        }
        return m;
    }

    /**
     * Moments estimated from a sketch's retained, weighted items: only for profiles stored by format version 1, which
     * did not stream moments.
     */
    private static Moments sketchMoments(KllDoublesSketch sketch) {
        if (sketch.isEmpty()) {
            return Moments.EMPTY;
        }
        DoublesSortedView view = sketch.getSortedView();
        double[] q = view.getQuantiles();
        long[] cw = view.getCumulativeWeights();
        long n = view.getN();
        double sum = 0;
        long prev = 0;
        for (int i = 0; i < q.length; i++) {
            sum += q[i] * (cw[i] - prev);
            prev = cw[i];
        }
        double mean = sum / n;
        double m2 = 0;
        prev = 0;
        for (int i = 0; i < q.length; i++) {
            double d = q[i] - mean;
            m2 += d * d * (cw[i] - prev);
            prev = cw[i];
        }
        return new Moments(n, mean, m2);
    }

    public static Builder builder(ProfileMode mode) {
        return new Builder(mode);
    }

    /** A builder for a window (or a batch of one) binned with this reference's edges. */
    public Builder windowBuilder(ProfileMode windowMode) {
        if (edges == null) {
            throw new IllegalStateException("this profile has no bins; build the reference with referenceBins(B)");
        }
        return builder(windowMode).edges(edges);
    }

    @Override
    public FeatureType type() {
        return FeatureType.NUMERIC;
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
        return missing;
    }

    public boolean binned() {
        return edges != null;
    }

    /** The interior bin edges (a copy); empty for a single bin. */
    public double[] edges() {
        if (edges == null) {
            throw new IllegalStateException("this profile was built without bins");
        }
        return edges.clone();
    }

    /** Smallest finite value, NaN when there is none. */
    public double min() {
        if (count == 0) {
            return Double.NaN;
        }
        return mode == ProfileMode.EXACT ? sorted[0] : sketch.getMinItem();
    }

    /** Largest finite value, NaN when there is none. */
    public double max() {
        if (count == 0) {
            return Double.NaN;
        }
        return mode == ProfileMode.EXACT ? sorted[sorted.length - 1] : sketch.getMaxItem();
    }

    /**
     * Counts per bin of the given edges: the stored counts when they are this profile's own bins, an exact count
     * when the values are kept, and otherwise the sketch's estimate.
     */
    public double[] countsIn(double[] binEdges) {
        if (edges != null && Arrays.equals(edges, binEdges)) {
            return binCounts.clone();
        }
        Bins.checkEdges(binEdges);
        if (mode == ProfileMode.EXACT) {
            return Bins.countSorted(sorted, sorted.length, binEdges);
        }
        return Bins.countSketch(sketch, binEdges);
    }

    /** The empirical distribution function of the finite values (from the sketch when streaming). */
    public EmpiricalCdf cdf() {
        EmpiricalCdf c = cdf;
        if (c == null) {
            synchronized (this) {
                c = cdf;
                if (c == null) {
                    if (mode == ProfileMode.EXACT) {
                        c = EmpiricalCdf.ofSorted(sorted, sorted.length);
                    } else if (count == 0) {
                        c = EmpiricalCdf.ofSorted(new double[0], 0);
                    } else {
                        DoublesSortedView view = sketch.getSortedView();
                        c = EmpiricalCdf.ofWeighted(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
                    }
                    cdf = c;
                }
            }
        }
        return c;
    }

    @Override
    public NumericProfile merge(FeatureProfile other) {
        if (!(other instanceof NumericProfile o)) {
            throw new IllegalArgumentException("cannot merge a numeric profile with a " + other.type().wireName() + " one");
        }
        if (o.mode != mode) {
            throw new IllegalArgumentException("cannot merge an " + mode + " profile with a " + o.mode + " one");
        }
        if (!Arrays.equals(edges, o.edges)) {
            throw new IllegalArgumentException("cannot merge profiles with different bins: "
                    + Arrays.toString(edges) + " vs " + Arrays.toString(o.edges));
        }
        double[] mergedCounts = null;
        if (binCounts != null) {
            mergedCounts = new double[binCounts.length];
            for (int i = 0; i < binCounts.length; i++) {
                mergedCounts[i] = binCounts[i] + o.binCounts[i];
            }
        }
        MissingCounts mergedMissing = missing.plus(o.missing);
        if (mode == ProfileMode.EXACT) {
            return new NumericProfile(mode, mergedMissing, count + o.count, edges, mergedCounts,
                    mergeSorted(sorted, o.sorted), null, null);
        }
        KllDoublesSketch merged = copy(sketch);
        merged.merge(o.sketch);
        return new NumericProfile(mode, mergedMissing, count + o.count, edges, mergedCounts, null, merged,
                moments().plus(o.moments()));
    }

    /** KLL k of the sketch (streaming only). */
    public int sketchK() {
        if (sketch == null) {
            throw new IllegalStateException("an exact profile has no sketch");
        }
        return sketch.getK();
    }

    double[] binCountsOrNull() {
        return binCounts;
    }

    double[] sortedValues() {
        return sorted;
    }

    KllDoublesSketch sketch() {
        return sketch;
    }

    static KllDoublesSketch copy(KllDoublesSketch s) {
        return KllDoublesSketch.heapify(Memory.wrap(s.toByteArray()));
    }

    private static double[] mergeSorted(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        System.arraycopy(a, i, out, k, a.length - i);
        System.arraycopy(b, j, out, k + a.length - i, b.length - j);
        return out;
    }

    @Override
    public String toString() {
        return "NumericProfile[" + mode + ", count=" + count + ", missing=" + missing.total()
                + (edges == null ? "" : ", edges=" + Arrays.toString(edges)) + "]";
    }

    /**
     * Accumulates values for one profile. Not thread-safe; one builder per batch (or per thread), then merge.
     * {@link #build()} hands the data over to the profile, after which the builder cannot be used.
     */
    public static final class Builder {
        private final ProfileMode mode;
        private int referenceBins;
        private double[] edges;
        private int sketchK;
        private boolean started;
        private boolean built;

        private long nulls;
        private long nans;
        private long positiveInfinities;
        private long negativeInfinities;
        private long count;
        private long[] binCounts;
        private double[] values;
        private KllDoublesSketch sketch;
        // streaming moments as shifted sums (see Moments.ofShiftedSums); the shift is the first value
        private double shift;
        private double shiftedSum;
        private double shiftedSquares;

        private Builder(ProfileMode mode) {
            this.mode = mode;
        }

        /** Makes this a reference: B quantile bins are computed from the data when it is built. */
        public Builder referenceBins(int bins) {
            checkNotStarted();
            if (edges != null) {
                throw new IllegalStateException("edges are already fixed");
            }
            Bins.quantileEdges(new double[0], 0, bins); // validates B
            this.referenceBins = bins;
            return this;
        }

        /** Makes this a window: values are counted in these fixed bins as they arrive. */
        public Builder edges(double[] binEdges) {
            checkNotStarted();
            if (referenceBins > 0) {
                throw new IllegalStateException("a reference computes its own edges");
            }
            Bins.checkEdges(binEdges);
            this.edges = binEdges.clone();
            return this;
        }

        /** KLL k for a streaming profile (8..65535); defaults depend on whether this is a reference or a window. */
        public Builder sketchK(int k) {
            checkNotStarted();
            if (k < 8 || k > 65535) {
                throw new IllegalArgumentException("sketch k must be between 8 and 65535: " + k);
            }
            this.sketchK = k;
            return this;
        }

        public void add(double v) {
            if (v - v == 0) { // finite (NaN and ±inf give NaN)
                if (!started) {
                    start();
                }
                count++;
                if (binCounts != null) {
                    binCounts[Bins.binOf(edges, v)]++;
                }
                if (sketch != null) {
                    sketch.update(v);
                    if (count == 1) {
                        shift = v;
                    }
                    double d = v - shift;
                    shiftedSum += d;
                    shiftedSquares += d * d;
                } else {
                    if (values.length == count - 1) {
                        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, values.length * 2L));
                    }
                    values[(int) count - 1] = v;
                }
            } else if (Double.isNaN(v)) {
                nans++;
            } else if (v > 0) {
                positiveInfinities++;
            } else {
                negativeInfinities++;
            }
        }

        /** Values [from, to) of an array. */
        public void addAll(double[] array, int from, int to) {
            if (!started) {
                start();
            }
            if (sketch != null && allFinite(array, from, to)) {
                // the sketch's vector update (one compaction check per chunk, not per value): a window partial of a
                // Kafka poll holds thousands of values per feature; bins and moments as add() keeps them
                for (int i = from; i < to; i++) {
                    double v = array[i];
                    if (count == 0 && i == from) {
                        shift = v;
                    }
                    if (binCounts != null) {
                        binCounts[Bins.binOf(edges, v)]++;
                    }
                    double d = v - shift;
                    shiftedSum += d;
                    shiftedSquares += d * d;
                }
                count += to - from;
                sketch.update(array, from, to - from);
                return;
            }
            if (values != null && values.length < count + (to - from)) {
                // one resize for the whole batch instead of doubling step by step
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, count + (long) (to - from)));
            }
            for (int i = from; i < to; i++) {
                add(array[i]);
            }
        }

        private static boolean allFinite(double[] array, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = array[i];
                if (v - v != 0) {
                    return false;
                }
            }
            return to > from;
        }

        /** A missing value (null, empty). */
        public void addNull() {
            nulls++;
        }

        /** Several missing values at once. */
        public void addNulls(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative count");
            }
            nulls += n;
        }

        public NumericProfile build() {
            if (!started) {
                start();
            }
            built = true;
            started = false; // the next add() goes through start(), which refuses
            MissingCounts missing = new MissingCounts(nulls, nans, positiveInfinities, negativeInfinities);
            double[] sortedValues = null;
            if (mode == ProfileMode.EXACT) {
                sortedValues = values.length == count ? values : Arrays.copyOf(values, (int) count);
                DoubleSort.sort(sortedValues);
                values = null;
            }
            double[] finalEdges = edges;
            double[] counts = null;
            if (referenceBins > 0) {
                if (mode == ProfileMode.EXACT) {
                    finalEdges = Bins.quantileEdges(sortedValues, sortedValues.length, referenceBins);
                    counts = Bins.countSorted(sortedValues, sortedValues.length, finalEdges);
                } else {
                    finalEdges = Bins.sketchEdges(sketch, referenceBins);
                    counts = Bins.countSketch(sketch, finalEdges);
                }
            } else if (binCounts != null) {
                counts = new double[binCounts.length];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = binCounts[i];
                }
            }
            Moments streamed = mode == ProfileMode.STREAMING
                    ? Moments.ofShiftedSums(count, shift, shiftedSum, shiftedSquares) : null;
            NumericProfile profile = new NumericProfile(mode, missing, count, finalEdges, counts, sortedValues, sketch,
                    streamed);
            sketch = null;
            return profile;
        }

        private void start() {
            if (built) {
                throw new IllegalStateException("this builder has already built its profile");
            }
            started = true;
            if (edges != null) {
                binCounts = new long[edges.length + 1];
            }
            if (mode == ProfileMode.STREAMING) {
                int k = sketchK > 0 ? sketchK : referenceBins > 0 ? DEFAULT_REFERENCE_SKETCH_K : DEFAULT_WINDOW_SKETCH_K;
                sketch = KllDoublesSketch.newHeapInstance(k);
            } else {
                values = new double[256];
            }
        }

        private void checkNotStarted() {
            if (started) {
                throw new IllegalStateException("configure the builder before adding values");
            }
        }
    }
}
