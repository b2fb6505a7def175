package io.mlctl.drift.stats;

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D<sub>n</sub>, P(D<sub>n</sub> &ge; x).
 *
 * <p>SciPy's {@code ks_2samp(method='asymp')} — the reference our fixtures were computed with — takes its two-sample
 * p-value from this distribution at n = round(n1·n2/(n1+n2)) ({@code kstwo.sf}). Commons Math 3.6 only offers the
 * limiting Kolmogorov distribution ({@code approximateP}), which differs from it by percents on realistic sizes and
 * returns 0 below 1e-16, so it cannot reproduce SciPy to 1e-9. This class picks, per region of (n, x), the same
 * algorithm as SciPy (Simard &amp; L'Ecuyer 2011): Ruben–Gambino closed forms at the ends, the Durbin matrix
 * (Marsaglia–Tsang–Wang) for small n·x, Pelz–Good for large n, and the one-sided Smirnov sum doubled in the tail,
 * where that doubling is exact to double precision. Where SciPy uses Pomeranz's recursion (n &le; 140) we use the
 * Durbin matrix, which is exact as well.
 */
public final class KolmogorovDistribution {
    private static final double TWO_POW_128 = 0x1p128;
    private static final double TWO_POW_MINUS_128 = 0x1p-128;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double SQRT3 = Math.sqrt(3);
    /** exp() of anything below this underflows (cephes MINLOG). */
    private static final double MIN_LOG = -708.3964185322641;
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
            -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
            7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** P(D<sub>n</sub> &ge; x) for the two-sided statistic of a sample of size n. */
    public static double sf(int n, double x) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                for (int i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logNFactorialOverNPowN(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 4) {
                return clip(1.0 - durbinMatrixCdf(n, x));
            }
            return clip(2 * Smirnov.sf(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * Smirnov.sf(n, x));
        }
        double cdf = (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
        return clip(1.0 - cdf);
    }

    /** log(n! / n^n) by Stirling's series (accurate for the n &gt; 140 it is used for). */
    static double logNFactorialOverNPowN(int n) {
        double rn = 1.0 / n;
        double z = rn / n;
        double poly = 0;
        for (double c : STIRLING) {
            poly = poly * z + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * P(D<sub>n</sub> &le; d) by the Durbin matrix method (Marsaglia, Tsang and Wang 2003), with the matrix and the
     * result kept as a mantissa and a separate power of two so large n neither overflows nor underflows.
     */
    static double durbinMatrixCdf(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;

        double[][] hm = new double[m][m];
        for (int c = 1; c < m; c++) {
            for (int r = c - 1; r < m; r++) {
                hm[r][c] = w[r - c + 1];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }

        double[][] power = identity(m);
        int nn = n;
        int exponent = 0;
        int hExponent = 0;
        while (nn > 0) {
            if ((nn & 1) == 1) {
                power = multiply(power, hm);
                exponent += hExponent;
            }
            hm = multiply(hm, hm);
            hExponent *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > TWO_POW_128) {
                scale(hm, TWO_POW_MINUS_128);
                hExponent += 128;
            }
            nn >>= 1;
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < TWO_POW_MINUS_128) {
                p *= TWO_POW_128;
                exponent -= 128;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    /** The Pelz–Good (1976) asymptotic expansion of P(D<sub>n</sub> &le; x), four terms in 1/sqrt(n). */
    static double pelzGoodCdf(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < -708) {
            return 0.0;
        }
        double q = Math.exp(qlog);

        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);

        double[] terms = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--) {
            double m = 2.0 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8.0 * k);
            double[] coeffs = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                    k3a + k3b * m2 + k3c * m4 + k3d * m6};
            for (int i = 0; i < 4; i++) {
                terms[i] = terms[i] * qpower + coeffs[i];
            }
        }
        double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            terms[i] = terms[i] * q * SQRT_2PI / divisors[i];
        }

        double q2 = Math.exp(-PI2 / 2 / z2);
        double sqrt3z = SQRT3 * z;
        double k2extra = 0;
        double k3extra = 0;
        for (int k = maxk; k > 0; k--) {
            double k2 = (double) k * k;
            double qpow = Math.pow(q2, k2);
            double kpi = Math.PI * k;
            k2extra += k2 * qpow;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qpow;
        }
        terms[2] += k2extra * PI2 * SQRT_2PI / (-36 * z3);
        terms[3] += k3extra * PI2 * SQRT_2PI / (216 * z6);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += terms[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            double[] ai = a[i];
            for (int l = 0; l < m; l++) {
                double ail = ai[l];
                if (ail == 0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < m; j++) {
                    ci[j] += ail * bl[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    static double clip(double p) {
        return p < 0 ? 0.0 : Math.min(p, 1.0);
    }
}
