package io.mlctl.drift.stats;

/**
 * Cramér's V of the reference-vs-current contingency table (2 rows × k categories): V = sqrt(χ² / (N · (min(2, k)
 * − 1))) with N = n_ref + n_cur, which for two rows is sqrt(χ² / N). χ² is the same Pearson statistic as
 * {@link ChiSquare#homogeneity}; V does not grow with the sample size the way χ² does, so it can decide on large
 * samples where the p-value would always be tiny.
 */
public final class CramersV {
    private CramersV() {
    }

    /** V from a chi-square statistic and the table's total; NaN when either is not a number or N is 0. */
    public static double of(double chiSquare, double total) {
        if (Double.isNaN(chiSquare) || !(total > 0)) {
            return Double.NaN;
        }
        return Math.sqrt(chiSquare / total);
    }
}
