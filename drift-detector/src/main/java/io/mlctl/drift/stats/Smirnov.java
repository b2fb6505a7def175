package io.mlctl.drift.stats;

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, P(D<sup>+</sup><sub>n</sub> &ge; x), by the
 * Smirnov / Birnbaum–Tingey sum
 * <pre>  x · Σ_{j=0}^{⌊n(1-x)⌋} C(n,j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1)</pre>
 * whose terms are all positive, so summing them in log space keeps full relative precision even deep in the tail
 * (SciPy's {@code scipy.special.smirnov} sums the same series in double-double arithmetic). The quantities
 * {@code x + j/n} and {@code 1 - x - j/n} are formed from n·x split into an exact high and low part, so the large
 * powers do not amplify a rounding error in them.
 *
 * <p>The terms rise to a single peak and fall away from it. SciPy walks them all from j = 0, which for n in the
 * thousands means thousands of logarithms per p-value; here the peak is found first (ternary search on the
 * log-term) and the sum grows outwards from it until the remaining terms cannot change it at double precision —
 * the same stopping rule as SciPy's — which is usually a few hundred terms.
 */
final class Smirnov {
    private static final double EPSILON = Math.ulp(1.0);
    private static final double MIN_LOG = -708.3964185322641;
    /** Above this n SciPy switches to an approximation; we follow it so results stay comparable. */
    private static final int MAX_COMPUTE_N = 1_000_000;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int SMALL = 64;

    private Smirnov() {
    }

    static double sf(int n, double x) {
        if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
            return Double.NaN;
        }
        if (n == 1) {
            return x;
        }
        if (x == 0.0) {
            return 1.0;
        }
        if (x == 1.0) {
            return 0.0;
        }
        // n*x = nxHi + nxLo exactly; floor and remainder from it
        double nxHi = n * x;
        double nxLo = Math.fma(n, x, -nxHi);
        double floor = Math.floor(nxHi);
        double alpha = (nxHi - floor) + nxLo;
        if (alpha < 0) {
            floor -= 1;
            alpha += 1;
        } else if (alpha >= 1) {
            floor += 1;
            alpha -= 1;
        }
        int nxFloor = (int) floor;

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0)) {
            double cdf = x * Math.pow(1 + x, n - 1);
            return KolmogorovDistribution.clip(1 - cdf);
        }
        if (-2 * n * x * x < MIN_LOG) {
            return 0.0;
        }
        if (nxFloor >= n - 1) {
            return KolmogorovDistribution.clip(Math.pow(1 - x, n));
        }
        if (n > MAX_COMPUTE_N) {
            double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return logp < -Math.log(2) ? Math.exp(logp) : 1 - (-Math.expm1(logp));
        }

        Terms t = new Terms(n, nxHi, nxLo);
        int last = n - nxFloor - 1; // j = 0 .. n - ceil(n x): the term with 1 - x - j/n = 0 contributes nothing
        int peak = t.peak(last);
        double logPeak = t.logTerm(peak, t.logBinomial(peak));
        double sum = 1.0; // in units of the peak term

        // upwards from the peak, carrying log C(n, j) by its ratio (compensated: up to thousands of steps)
        double logC = t.logBinomial(peak);
        double compensation = 0;
        for (int j = peak + 1; j <= last; j++) {
            double y = Math.log((double) (n - j + 1) / j) - compensation;
            double s = logC + y;
            compensation = (s - logC) - y;
            logC = s;
            double term = Math.exp(t.logTerm(j, logC) - logPeak);
            sum += term;
            if (j != last && 4.0 * (last - j) * term < EPSILON * sum) {
                break;
            }
        }
        logC = t.logBinomial(peak);
        compensation = 0;
        for (int j = peak - 1; j >= 0; j--) {
            double y = -Math.log((double) (n - j) / (j + 1)) - compensation;
            double s = logC + y;
            compensation = (s - logC) - y;
            logC = s;
            double term = Math.exp(t.logTerm(j, logC) - logPeak);
            sum += term;
            if (j != 0 && 4.0 * j * term < EPSILON * sum) {
                break;
            }
        }
        return KolmogorovDistribution.clip(Math.exp(Math.log(x) + logPeak) * sum);
    }

    /** The log of the terms A_j = C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1). */
    private record Terms(int n, double nxHi, double nxLo) {

        double logTerm(int j, double logBinomial) {
            double lower = (nxHi + j + nxLo) / n; // x + j/n
            // log(1 - x - j/n): log1p keeps the relative precision of a small x + j/n, which (n - j) multiplies
            double logUpper = lower < 0.5 ? Math.log1p(-lower) : Math.log(((n - j) - nxHi - nxLo) / n);
            return logBinomial + (n - j) * logUpper + (j - 1) * Math.log(lower);
        }

        /** The j in [0, last] with the largest term (the terms are unimodal in j). */
        int peak(int last) {
            int lo = 0;
            int hi = last;
            while (hi - lo > 2) {
                int m1 = lo + (hi - lo) / 3;
                int m2 = hi - (hi - lo) / 3;
                if (logTerm(m1, logBinomial(m1)) < logTerm(m2, logBinomial(m2))) {
                    lo = m1 + 1;
                } else {
                    hi = m2;
                }
            }
            int best = lo;
            double bestLog = logTerm(lo, logBinomial(lo));
            for (int j = lo + 1; j <= hi; j++) {
                double l = logTerm(j, logBinomial(j));
                if (l > bestLog) {
                    best = j;
                    bestLog = l;
                }
            }
            return best;
        }

        /**
         * log C(n, j) without the cancellation of log n! - log j! - log (n-j)!: n·H(j/n) plus Stirling's
         * corrections when both j and n - j are large, a direct sum of logs otherwise.
         */
        double logBinomial(int j) {
            int k = Math.min(j, n - j);
            if (k == 0) {
                return 0.0;
            }
            if (k < SMALL) {
                double s = 0;
                for (int i = 1; i <= k; i++) {
                    s += Math.log((double) (n - k + i) / i);
                }
                return s;
            }
            double p = (double) j / n;
            return -j * Math.log(p) - (n - j) * Math.log1p(-p)
                    + 0.5 * Math.log((double) n / ((double) j * (n - j))) - HALF_LOG_2PI
                    + stirling(n) - stirling(j) - stirling(n - j);
        }

        /** log m! - [(m + 1/2) log m - m + log sqrt(2 pi)] for m &ge; 64. */
        private static double stirling(double m) {
            double r = 1.0 / m;
            double r2 = r * r;
            return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
        }
    }
}
