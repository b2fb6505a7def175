package io.mlctl.drift.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Summing the Smirnov series outwards from its peak gives the sum of all its terms: checked on a dense grid over the
 * region where the two-sided p-value uses it (n·x² between 2.2 and 370, and x &ge; 0.5).
 */
class SmirnovTest {

    /** Every term, from j = 0, in log space with a running scale (slow, obviously complete). */
    private static double fullSum(int n, double x) {
        int terms = n - (int) Math.floor(n * x);
        double logScale = Double.NEGATIVE_INFINITY;
        double scaled = 0;
        double logC = 0;
        double compensation = 0; // Kahan: thousands of terms
        for (int j = 0; j < terms; j++) {
            if (j > 0) {
                double y = Math.log((double) (n - j + 1) / j) - compensation;
                double t = logC + y;
                compensation = (t - logC) - y;
                logC = t;
            }
            double lower = x + (double) j / n;
            if (lower >= 1) {
                break;
            }
            double logTerm = logC + (n - j) * Math.log1p(-lower) + (j - 1) * Math.log(lower);
            if (logTerm > logScale) {
                scaled = scaled * Math.exp(logScale - logTerm) + 1;
                logScale = logTerm;
            } else {
                scaled += Math.exp(logTerm - logScale);
            }
        }
        return Math.exp(Math.log(x) + logScale) * scaled;
    }

    @Test
    void peakOutwardSumEqualsTheFullSum() {
        int checked = 0;
        for (int n : new int[]{141, 300, 1000, 4444, 20000, 60000}) {
            for (int k = 0; k <= 40; k++) {
                double nx2 = 2.2 * Math.pow(370 / 2.2, k / 40.0);
                double x = Math.sqrt(nx2 / n);
                if (x >= 1) {
                    continue;
                }
                double full = fullSum(n, x);
                double ours = Smirnov.sf(n, x);
                if (full < 1e-300) {
                    assertTrue(ours < 1e-290, n + " " + x + ": " + ours);
                    continue;
                }
                // the full sum accumulates more rounding at large n; 1e-10 leaves SciPy's 1e-9 untouched
                assertTrue(Math.abs(ours - full) <= 1e-10 * full, "n=" + n + " x=" + x + " full=" + full + " ours=" + ours);
                checked++;
            }
            for (double x : new double[]{0.5, 0.6, 0.75, 0.9}) {
                double full = fullSum(n, x);
                assertTrue(full < 1e-300 || Math.abs(Smirnov.sf(n, x) - full) <= 1e-10 * full, n + " " + x);
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }
}
