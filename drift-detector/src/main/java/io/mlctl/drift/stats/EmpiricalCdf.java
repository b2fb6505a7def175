package io.mlctl.drift.stats;

/**
 * A right-continuous empirical distribution function given as ascending values and, for each, the number of
 * observations at or below it. Raw data is the special case of weight one per value (no cumulative array, so a
 * million sorted values need no second array); a quantile sketch's sorted view supplies its own cumulative weights.
 */
public final class EmpiricalCdf {
    private final double[] values;
    private final long[] cumulative;
    private final int size;
    private final long total;
    /** F at each value (see {@link #fractions()}); made when first needed, then kept. */
    private volatile double[] fractions;

    private EmpiricalCdf(double[] values, long[] cumulative, int size, long total) {
        this.values = values;
        this.cumulative = cumulative;
        this.size = size;
        this.total = total;
    }

    /** Raw observations, already sorted ascending (the first {@code size} entries of {@code sorted}). */
    public static EmpiricalCdf ofSorted(double[] sorted, int size) {
        return new EmpiricalCdf(sorted, null, size, size);
    }

    /** Ascending values with inclusive cumulative counts (e.g. a DataSketches sorted view), out of {@code total}. */
    public static EmpiricalCdf ofWeighted(double[] values, long[] cumulative, long total) {
        if (values.length != cumulative.length) {
            throw new IllegalArgumentException("values and cumulative weights differ in length");
        }
        return new EmpiricalCdf(values, cumulative, values.length, total);
    }

    public int size() {
        return size;
    }

    public long total() {
        return total;
    }

    double[] values() {
        return values;
    }

    /** Inclusive cumulative weights, or null for raw observations. */
    long[] cumulative() {
        return cumulative;
    }

    /** Observations at or below the {@code k}-th value (for raw ties: up to this copy). */
    long below(int k) {
        return cumulative == null ? k + 1 : cumulative[k];
    }

    /**
     * F at each value, below(k) / total. A reference's distribution function is compared with many windows, so these
     * are computed once and kept with it (one double per value): the Wasserstein walk then needs no division per
     * step.
     */
    double[] fractions() {
        double[] f = fractions;
        if (f == null) {
            f = new double[size];
            double t = total;
            for (int k = 0; k < size; k++) {
                f[k] = below(k) / t;
            }
            fractions = f;
        }
        return f;
    }
}
