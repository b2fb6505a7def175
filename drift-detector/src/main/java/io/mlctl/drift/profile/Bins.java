package io.mlctl.drift.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

import java.util.Arrays;

/**
 * Numeric bins under DESIGN's convention: interior edges e1 &lt; … &lt; e_last at the reference quantiles k/B,
 * duplicates removed, and right-closed bins (-inf, e1], (e1, e2], …, (e_last, +inf). An empty edge array is a
 * single bin holding everything.
 */
public final class Bins {
    /** B when nothing says otherwise (the schema's default, {@link io.mlctl.api.registry.DriftSettings}). */
    public static final int DEFAULT_BINS = io.mlctl.api.registry.DriftSettings.BINS_DEFAULT;

    private Bins() {
    }

    /**
     * Edges from exact data: NumPy's default ({@code linear}) quantile of the sorted values at k/B, k = 1..B-1 —
     * virtual index (n-1)·q, then NumPy's two-sided linear interpolation, so edges agree with NumPy to the bit.
     */
    public static double[] quantileEdges(double[] sorted, int n, int bins) {
        checkBins(bins);
        if (n == 0) {
            return new double[0];
        }
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = linearQuantile(sorted, n, (double) k / bins);
        }
        return unique(edges);
    }

    /**
     * Edges from a quantile sketch: the same NumPy-linear quantiles, taken over the sample the sketch retains (each
     * retained value standing for as many observations as its weight). While the sketch still holds every value this
     * is exactly {@link #quantileEdges}; once it compacts, the edges move only by the sketch's rank error.
     */
    public static double[] sketchEdges(KllDoublesSketch sketch, int bins) {
        checkBins(bins);
        if (sketch.isEmpty()) {
            return new double[0];
        }
        DoublesSortedView view = sketch.getSortedView();
        double[] items = view.getQuantiles();
        long[] cumulative = view.getCumulativeWeights();
        long n = view.getN();
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            double virtualIndex = (n - 1) * ((double) k / bins);
            long lo = (long) Math.floor(virtualIndex);
            double a = weightedValueAt(items, cumulative, lo);
            if (virtualIndex >= n - 1) {
                edges[k - 1] = a;
                continue;
            }
            double b = weightedValueAt(items, cumulative, lo + 1);
            double gamma = virtualIndex - lo;
            double diff = b - a;
            edges[k - 1] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
        }
        return unique(edges);
    }

    /** Counts per bin of a sketch's retained sample (weights of the retained values in each bin). */
    public static double[] countSketch(KllDoublesSketch sketch, double[] edges) {
        double[] counts = new double[edges.length + 1];
        if (sketch.isEmpty()) {
            return counts;
        }
        DoublesSortedView view = sketch.getSortedView();
        double[] items = view.getQuantiles();
        long[] cumulative = view.getCumulativeWeights();
        long below = 0;
        for (int i = 0; i < edges.length; i++) {
            int through = upperBound(items, items.length, edges[i]);
            long weight = through == 0 ? 0 : cumulative[through - 1];
            counts[i] = weight - below;
            below = weight;
        }
        counts[edges.length] = view.getN() - below;
        return counts;
    }

    /** The value at 0-based position p of the sorted sample in which item i is repeated (its weight) times. */
    private static double weightedValueAt(double[] items, long[] cumulative, long p) {
        int lo = 0;
        int hi = items.length - 1;
        while (lo < hi) { // first item whose cumulative weight exceeds p
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > p) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return items[lo];
    }

    static double linearQuantile(double[] sorted, int n, double q) {
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) {
            return sorted[n - 1];
        }
        int lo = (int) Math.floor(virtualIndex);
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double gamma = virtualIndex - lo;
        double diff = b - a;
        // NumPy's _lerp: interpolate from the nearer end, which keeps the result monotone in q
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Index of the bin holding x: the number of edges strictly below x. */
    public static int binOf(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Counts per bin of the first n entries of an ascending array. */
    public static double[] countSorted(double[] sorted, int n, double[] edges) {
        double[] counts = new double[edges.length + 1];
        int below = 0;
        for (int i = 0; i < edges.length; i++) {
            int through = upperBound(sorted, n, edges[i]);
            counts[i] = through - below;
            below = through;
        }
        counts[edges.length] = n - below;
        return counts;
    }

    /** Number of entries &le; x among the first n of an ascending array. */
    static int upperBound(double[] sorted, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double[] unique(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int w = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (w == 0 || sorted[i] != sorted[w - 1]) {
                sorted[w++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, w);
    }

    static void checkEdges(double[] edges) {
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw new IllegalArgumentException("bin edges must be finite and strictly increasing: "
                        + Arrays.toString(edges));
            }
        }
    }

    private static void checkBins(int bins) {
        if (bins < 1 || bins > 10_000) {
            throw new IllegalArgumentException("bins must be between 1 and 10000: " + bins);
        }
    }
}
