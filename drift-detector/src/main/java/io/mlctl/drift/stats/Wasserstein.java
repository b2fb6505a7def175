package io.mlctl.drift.stats;

/**
 * The Wasserstein-1 (earth mover's) distance between two one-dimensional distributions: the area between their
 * distribution functions, W1 = ∫ |F_ref(x) − F_cur(x)| dx — {@code scipy.stats.wasserstein_distance} on raw
 * samples. Both sides are {@link EmpiricalCdf step functions}, so the integral is a sum over the gaps between
 * consecutive distinct values of either side: |F_ref − F_cur| there times the gap's width. Raw values give the
 * exact distance; a quantile sketch's sorted view (weighted retained items) gives its estimate from the same sum.
 * One walk over both sides, O(n + m); the reference's F values are kept with it ({@link EmpiricalCdf#fractions()}),
 * so a step costs a comparison, a subtraction and a multiply-add.
 */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** W1 of the two distributions; NaN when either side is empty. */
    public static double distance(EmpiricalCdf reference, EmpiricalCdf current) {
        if (reference.size() == 0 || current.size() == 0) {
            return Double.NaN;
        }
        double[] a = reference.values();
        double[] fa = reference.fractions();
        double[] b = current.values();
        int n = reference.size();
        int m = current.size();
        double inverseB = 1.0 / current.total();
        int i = 0;
        int j = 0;
        double fRef = 0; // F at and right of x on each side
        double fCur = 0;
        double sum = 0;
        double x = Math.min(a[0], b[0]);
        while (true) {
            // step past every value equal to x (ties within and across the samples)
            while (i < n && a[i] == x) {
                fRef = fa[i++];
            }
            while (j < m && b[j] == x) {
                fCur = current.below(j++) * inverseB;
            }
            if (i == n && j == m) {
                return sum;
            }
            double next = i == n ? b[j] : j == m ? a[i] : Math.min(a[i], b[j]);
            sum += Math.abs(fRef - fCur) * (next - x);
            x = next;
        }
    }
}
