package io.mlctl.drift.stats;

/**
 * The two-sample Kolmogorov–Smirnov test under the convention of docs/DESIGN.md "Drift statistics": D = sup |F_ref - F_cur|, with an exact p-value
 * when n·m &lt; 10,000 and the asymptotic one otherwise — both exactly as SciPy's {@code ks_2samp} computes them with
 * {@code method='exact'} and {@code method='asymp'}.
 */
public final class KolmogorovSmirnov {
    /** Below this product of the sample sizes the p-value is exact. */
    public static final long EXACT_PRODUCT_LIMIT = 10_000;

    private KolmogorovSmirnov() {
    }

    /** Statistic and p-value of two samples. */
    public static Result test(EmpiricalCdf reference, EmpiricalCdf current) {
        double d = statistic(reference, current);
        return new Result(d, pValue(reference.total(), current.total(), d));
    }

    /**
     * sup |F_a(x) - F_b(x)|, evaluated after every distinct observed value as SciPy does (searchsorted right / n),
     * so ties are handled and the arithmetic — count/n minus count/m — is the same to the last bit.
     */
    public static double statistic(EmpiricalCdf a, EmpiricalCdf b) {
        if (a.total() == 0 || b.total() == 0) {
            return Double.NaN;
        }
        if (a.size() > 4L * b.size()) {
            return skewed(a.values(), a.cumulative(), a.size(), a.total(), b.values(), b.cumulative(), b.size(),
                    b.total());
        }
        if (b.size() > 4L * a.size()) {
            return skewed(b.values(), b.cumulative(), b.size(), b.total(), a.values(), a.cumulative(), a.size(),
                    a.total());
        }
        return statistic(a.values(), a.cumulative(), a.size(), a.total(), b.values(), b.cumulative(), b.size(),
                b.total());
    }

    /**
     * The same supremum when {@code big} has many more points than {@code small} (a reference sketch against a
     * window): between two points of {@code small} its CDF is constant and the other's only grows, so the
     * difference is extreme at the ends of each such interval — the points are found by galloping through
     * {@code big} instead of visiting all of it. Each difference is computed with the same counts and the same
     * arithmetic as in the full walk, and division and subtraction round monotonically, so the result is identical.
     */
    private static double skewed(double[] big, long[] cBig, int sBig, long totalBig, double[] small, long[] cSmall,
                                 int sSmall, long totalSmall) {
        double nBig = totalBig;
        double nSmall = totalSmall;
        int i = 0;
        int j = 0;
        double max = 0;
        double min = 0;
        while (j < sSmall) {
            double v = small[j];
            double fSmall = (j == 0 ? 0 : cSmall == null ? j : cSmall[j - 1]) / nSmall;
            i = gallop(big, i, sBig, v, false);
            if (i > 0) { // the last point of big below v
                double diff = (cBig == null ? i : cBig[i - 1]) / nBig - fSmall;
                if (diff > max) {
                    max = diff;
                } else if (diff < min) {
                    min = diff;
                }
            }
            i = gallop(big, i, sBig, v, true);
            while (j < sSmall && small[j] <= v) {
                j++;
            }
            double diff = (i == 0 ? 0 : cBig == null ? i : cBig[i - 1]) / nBig
                    - (cSmall == null ? j : cSmall[j - 1]) / nSmall;
            if (diff > max) {
                max = diff;
            } else if (diff < min) {
                min = diff;
            }
        }
        return Math.max(max, Math.min(-min, 1.0));
    }

    /** From {@code from}, the first index whose value is &gt;= v (or &gt; v when {@code past}), by galloping. */
    private static int gallop(double[] a, int from, int size, double v, boolean past) {
        int step = 1;
        int lo = from;
        int hi = from;
        while (hi < size && (past ? a[hi] <= v : a[hi] < v)) {
            lo = hi + 1;
            hi += step;
            step <<= 1;
        }
        hi = Math.min(hi, size);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (past ? a[mid] <= v : a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The walk over weighted samples (null cumulative weights: one per value). */
    private static double statistic(double[] a, long[] ca, int sa, long totalA, double[] b, long[] cb, int sb,
                                    long totalB) {
        double na = totalA;
        double nb = totalB;
        int i = 0;
        int j = 0;
        double max = 0;
        double min = 0;
        while (i < sa || j < sb) {
            double v = j >= sb ? a[i] : i >= sa ? b[j] : Math.min(a[i], b[j]);
            while (i < sa && a[i] <= v) {
                i++;
            }
            while (j < sb && b[j] <= v) {
                j++;
            }
            double fa = (i == 0 ? 0 : ca == null ? i : ca[i - 1]) / na;
            double fb = (j == 0 ? 0 : cb == null ? j : cb[j - 1]) / nb;
            double diff = fa - fb;
            if (diff > max) {
                max = diff;
            } else if (diff < min) {
                min = diff;
            }
        }
        return Math.max(max, Math.min(-min, 1.0));
    }

    /** Two-sided p-value of statistic d for samples of n and m observations. */
    public static double pValue(long n, long m, double d) {
        if (n <= 0 || m <= 0 || Double.isNaN(d)) {
            return Double.NaN;
        }
        if (n * m < EXACT_PRODUCT_LIMIT) {
            return exactPValue((int) n, (int) m, d);
        }
        return asymptoticPValue(n, m, d);
    }

    /** SciPy's "asymptotic" p-value: kstwo.sf(d, round(n m / (n + m))). */
    public static double asymptoticPValue(long n, long m, double d) {
        double big = Math.max(n, m);
        double small = Math.min(n, m);
        double en = big * small / (big + small);
        double rounded = Math.rint(en);
        // the Kolmogorov distribution at more than 2^31 observations is 0 or 1 at any representable D anyway
        int effective = (int) Math.min(Integer.MAX_VALUE, Math.max(1, rounded));
        return KolmogorovDistribution.sf(effective, d);
    }

    /**
     * P(D &ge; d) under the null, exactly, by counting lattice paths (Hodges 1958) with Viehmann's (2021)
     * recursion for the complement, which stays accurate for small p-values; equal sample sizes use the
     * closed alternating sum. D is first rounded to the lattice h / lcm(n, m), as SciPy does.
     */
    public static double exactPValue(int n, int m, double d) {
        int g = gcd(n, m);
        long lcm = (long) (n / g) * m;
        long h = (long) Math.rint(d * lcm);
        if (h == 0) {
            return 1.0;
        }
        double p = n == m ? probabilityOutsideSquare(n, h) : probabilityOutsideLines(n, m, g, h);
        return KolmogorovDistribution.clip(p);
    }

    /** n == m: 2 Σ_k (-1)^(k+1) C(2n, n - k h) / C(2n, n), evaluated Horner-style to avoid cancellation. */
    private static double probabilityOutsideSquare(int n, long h) {
        double p = 0.0;
        long k = n / h;
        while (k >= 0) {
            double p1 = 1.0;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * Proportion of monotone lattice paths from (0,0) to (m,n) that touch |x/m - y/n| &ge; h/lcm: one column of the
     * path-count matrix is kept, as the probability of leaving the band rather than the count inside it.
     */
    private static double probabilityOutsideLines(int n1, int n2, int g, long h) {
        long m = Math.max(n1, n2);
        long n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        long minj = 0;
        long maxj = Math.min(ceilDiv(h, mg), n + 1);
        long curlen = maxj - minj;
        int lenA = (int) Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        java.util.Arrays.fill(a, 1.0);
        for (long j = minj; j < maxj; j++) {
            a[(int) j] = 0.0;
        }
        for (long i = 1; i <= m; i++) {
            long lastMinj = minj;
            long lastLen = curlen;
            minj = Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0), n);
            maxj = Math.min(ceilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++) {
                long j = jj + minj;
                val = (a[(int) (jj + minj - lastMinj)] * i + val * j) / (i + j);
                a[(int) jj] = val;
            }
            curlen = maxj - minj;
            if (lastLen > curlen) {
                long from = maxj - minj;
                long to = Math.min(from + (lastLen - curlen), lenA);
                for (long k = from; k < to; k++) {
                    a[(int) k] = 1.0;
                }
            }
        }
        return a[(int) (maxj - minj - 1)];
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** D and its p-value. */
    public record Result(double statistic, double pValue) {
    }
}
