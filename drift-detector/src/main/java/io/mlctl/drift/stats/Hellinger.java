package io.mlctl.drift.stats;

/**
 * The Hellinger distance between two binned distributions (the PSI bins, or the categories), on the raw proportions
 * (no epsilon for empty bins): H = sqrt(1/2 · Σ (√r_i − √c_i)²), between 0 (same proportions) and 1 (disjoint).
 */
public final class Hellinger {
    private Hellinger() {
    }

    /**
     * @param referenceCounts counts per bin of the reference, out of {@code referenceTotal}
     * @param currentCounts   counts per bin of the current data (same bins), out of {@code currentTotal}
     * @return the distance; NaN when either total is not positive
     */
    public static double distance(double[] referenceCounts, double referenceTotal, double[] currentCounts,
                                  double currentTotal) {
        if (referenceCounts.length != currentCounts.length) {
            throw new IllegalArgumentException("bins differ: " + referenceCounts.length + " vs " + currentCounts.length);
        }
        if (!(referenceTotal > 0) || !(currentTotal > 0)) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < referenceCounts.length; i++) {
            double d = Math.sqrt(referenceCounts[i] / referenceTotal) - Math.sqrt(currentCounts[i] / currentTotal);
            sum += d * d;
        }
        return Math.sqrt(sum / 2);
    }
}
