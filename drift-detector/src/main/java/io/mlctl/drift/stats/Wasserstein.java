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

    /** W1 and the two-sample KS statistic D of one walk; both NaN when either side is empty. */
    public record Walk(double wasserstein, double ksStatistic) {
    }

    /**
     * W1 and KS D = sup |F_ref(x) - F_cur(x)| from one walk over both sides: the walk visits every distinct value of
     * either side and holds both distribution functions just right of it, which is where KS evaluates them, so D costs
     * one comparison per step instead of a second walk. Since windows keep as many sketch points as references
     * (k = 4096), the KS walk cannot gallop past most of the reference any more and would cost as much as this one.
     * D is computed with {@link KolmogorovSmirnov#statistic}'s arithmetic (count / n minus count / m, each a
     * division), so it is the same to the last bit; W1 keeps its multiply by 1/m.
     */
    public static Walk walk(EmpiricalCdf reference, EmpiricalCdf current) {
        if (reference.size() == 0 || current.size() == 0) {
            return new Walk(Double.NaN, Double.NaN);
        }
        double[] a = reference.values();
        double[] fa = reference.fractions();
        double[] b = current.values();
        int n = reference.size();
        int m = current.size();
        double totalB = current.total();
        double inverseB = 1.0 / totalB;
        int i = 0;
        int j = 0;
        double fRef = 0;
        double fCur = 0;
        double fCurKs = 0;
        double max = 0;
        double min = 0;
        double sum = 0;
        double x = Math.min(a[0], b[0]);
        while (true) {
            while (i < n && a[i] == x) {
                fRef = fa[i++];
            }
            if (j < m && b[j] == x) {
                while (j < m && b[j] == x) {
                    j++;
                }
                long below = current.below(j - 1);
                fCur = below * inverseB;
                fCurKs = below / totalB;
            }
            double diff = fRef - fCurKs;
            if (diff > max) {
                max = diff;
            } else if (diff < min) {
                min = diff;
            }
            if (i == n && j == m) {
                return new Walk(sum, Math.max(max, Math.min(-min, 1.0)));
            }
            double next = i == n ? b[j] : j == m ? a[i] : Math.min(a[i], b[j]);
            sum += Math.abs(fRef - fCur) * (next - x);
            x = next;
        }
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
