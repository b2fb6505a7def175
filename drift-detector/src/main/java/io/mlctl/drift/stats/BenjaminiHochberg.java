package io.mlctl.drift.stats;

import java.util.Arrays;

/**
 * Benjamini–Hochberg adjustment of p-values for the false discovery rate, as {@code
 * scipy.stats.false_discovery_control(ps, method='bh')}: with the p-values sorted ascending, p_(i) · m / i, made
 * monotone from the largest down (each is the minimum of itself and every one above it) and capped at 1. Rejecting
 * where the adjusted value is below α keeps the expected share of false discoveries among the rejections at most α.
 * Commons Math 3 has no multiple-testing correction, hence this class.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /**
     * The adjusted p-values, in the order of the input. NaN entries are not tests: they stay NaN and do not count in
     * m.
     *
     * @throws IllegalArgumentException when a p-value lies outside [0, 1]
     */
    public static double[] adjust(double[] pValues) {
        int m = 0;
        for (double p : pValues) {
            if (!Double.isNaN(p)) {
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("p-values lie in [0, 1]: " + p);
                }
                m++;
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0, k = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                order[k++] = i;
            }
        }
        Arrays.sort(order, (x, y) -> Double.compare(pValues[x], pValues[y]));
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * ((double) m / rank)); // scipy: ps * (m / i)
            adjusted[i] = running;
        }
        return adjusted;
    }
}
