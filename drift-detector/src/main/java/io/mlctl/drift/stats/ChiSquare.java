package io.mlctl.drift.stats;

import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Pearson's chi-square test of homogeneity of two count vectors (a 2×k contingency table), without continuity
 * correction — SciPy's {@code chi2_contingency(correction=False)}. The statistic comes from Commons Math; the
 * p-value is the regularized upper incomplete gamma function directly, because Commons Math's own
 * {@code 1 - cdf} loses every digit below 1e-16.
 */
public final class ChiSquare {
    private static final ChiSquareTest TEST = new ChiSquareTest();

    private ChiSquare() {
    }

    /**
     * Tests whether both rows come from the same distribution over the categories. Categories empty on both sides
     * carry no information and are dropped; with one category left the test is trivially p = 1.
     */
    public static Result homogeneity(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("categories differ: " + reference.length + " vs " + current.length);
        }
        int used = 0;
        long referenceTotal = 0;
        long currentTotal = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                used++;
            }
            referenceTotal += reference[i];
            currentTotal += current[i];
        }
        if (referenceTotal == 0 || currentTotal == 0) {
            return new Result(Double.NaN, 0, Double.NaN);
        }
        if (used < 2) {
            return new Result(0.0, 0, 1.0);
        }
        long[][] table = new long[2][used];
        for (int i = 0, k = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                table[0][k] = reference[i];
                table[1][k] = current[i];
                k++;
            }
        }
        double statistic = TEST.chiSquare(table);
        int dof = used - 1;
        return new Result(statistic, dof, survival(statistic, dof));
    }

    /** P(X &ge; x) for a chi-square variable with {@code dof} degrees of freedom. */
    public static double survival(double x, int dof) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(dof / 2.0, x / 2.0);
    }

    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }
}
