package io.mlctl.drift.stats;

/**
 * The Wasserstein-1 (earth mover's) distance between two one-dimensional distributions: the area between their
 * distribution functions, W1 = ∫ |F_ref(x) − F_cur(x)| dx — {@code scipy.stats.wasserstein_distance} on raw
 * samples. Both sides are {@link EmpiricalCdf step functions}; raw values give the exact distance, a quantile
 * sketch's sorted view (weighted retained items) its estimate from the same integral.
 *
 * <p>How it is summed: between two consecutive distinct current values F_cur is a constant g, and F_ref, being
 * monotone, crosses g at most once, at the first reference value where F_ref ≥ g. So each such gap contributes
 * g·(c − u) − ∫_u^c F_ref + ∫_c^v F_ref − g·(v − c) with c that crossing clamped to [u, v), and ∫ F_ref comes from the
 * reference's prefix integrals ({@link EmpiricalCdf#integral()}, kept with the reference). Both searches move forward
 * only and gallop, so a window of m points against a reference of n costs O(m log(n/m)) rather than O(n + m): a
 * streaming reference holds ~12,000 sketch points, a window ~1,500.
 */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** W1 of the two distributions; NaN when either side is empty. */
    public static double distance(EmpiricalCdf reference, EmpiricalCdf current) {
        if (reference.size() == 0 || current.size() == 0) {
            return Double.NaN;
        }
        return new Walk(reference).distance(current);
    }

    /** The reference side: its values, prefix integrals, and two forward-only positions. */
    private static final class Walk {
        private final EmpiricalCdf ref;
        private final double[] x;
        private final double[] s;
        private final int n;
        private final double total;
        /** Last index with x[k] ≤ t for the latest t asked (−1: below every value). */
        private int k = -1;
        /** First index whose F is ≥ the latest level asked. */
        private int j = 0;

        Walk(EmpiricalCdf reference) {
            ref = reference;
            x = reference.values();
            s = reference.integral();
            n = reference.size();
            total = reference.total();
        }

        private double f(int i) {
            return ref.below(i) / total;
        }

        /** P(t) = ∫_{−∞}^t F_ref; t never decreases between calls. */
        private double integralTo(double t) {
            if (k + 1 < n && x[k + 1] <= t) {
                // gallop: find a step past t, then bisect (lo satisfies x ≤ t, hi does not or is n)
                int lo = k + 1;
                int step = 1;
                int hi = lo + step;
                while (hi < n && x[hi] <= t) {
                    lo = hi;
                    step <<= 1;
                    hi = lo + step;
                }
                hi = Math.min(hi, n);
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (x[mid] <= t) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                k = lo;
            }
            return k < 0 ? 0 : s[k] + f(k) * (t - x[k]);
        }

        /** The first reference value at which F_ref ≥ g (g in (0, 1]); g never decreases between calls. */
        private double crossing(double g) {
            if (f(j) < g) {
                int lo = j; // F(lo) < g
                int step = 1;
                int hi = lo + step;
                while (hi < n - 1 && f(hi) < g) {
                    lo = hi;
                    step <<= 1;
                    hi = lo + step;
                }
                hi = Math.min(hi, n - 1); // F(n − 1) = 1 ≥ g
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (f(mid) < g) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                j = hi;
            }
            return x[j];
        }

        double distance(EmpiricalCdf current) {
            double[] y = current.values();
            int m = current.size();
            double curTotal = current.total();
            double u = y[0];
            double pu = integralTo(u);
            double sum = pu; // below the first current value F_cur = 0: ∫ F_ref
            int i = 0;
            while (true) {
                long below;
                do {
                    below = current.below(i);
                    i++;
                } while (i < m && y[i] == u);
                double g = below / curTotal;
                if (i == m) {
                    // from the last current value on F_cur = 1: ∫ (1 − F_ref) up to the largest value of either
                    double end = Math.max(x[n - 1], u);
                    sum += (end - u) - (integralTo(end) - pu);
                    return sum;
                }
                double v = y[i];
                double c = Math.min(Math.max(crossing(g), u), v);
                double pc = integralTo(c);
                double pv = integralTo(v);
                sum += g * (c - u) - (pc - pu) + (pv - pc) - g * (v - c);
                u = v;
                pu = pv;
            }
        }
    }
}
