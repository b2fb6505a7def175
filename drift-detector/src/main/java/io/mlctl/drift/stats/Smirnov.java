package io.mlctl.drift.stats;

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, P(D<sup>+</sup><sub>n</sub> &ge; x), by the
 * Smirnov / Birnbaum–Tingey sum
 * <pre>  x · Σ_{j=0}^{⌊n(1-x)⌋} C(n,j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1)</pre>
 * whose terms are all positive, so summing them in log space keeps full relative precision even deep in the tail
 * (SciPy's {@code scipy.special.smirnov} sums the same series in double-double arithmetic). The quantities
 * {@code x + j/n} and {@code 1 - x - j/n} are formed from n·x split into an exact high and low part, so the large
 * powers do not amplify a rounding error in them.
 */
final class Smirnov {
    private static final double EPSILON = Math.ulp(1.0);
    private static final double MIN_LOG = -708.3964185322641;
    /** Above this n SciPy switches to an approximation; we follow it so results stay comparable. */
    private static final int MAX_COMPUTE_N = 1_000_000;

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

        int terms = n - nxFloor; // j = 0 .. n - ceil(n x) (the j with 1 - x - j/n = 0 contributes nothing)
        double logBinomial = 0; // log C(n, j), summed with Kahan compensation: thousands of terms at large n
        double logBinomialCompensation = 0;
        double logScale = Double.NEGATIVE_INFINITY; // the sum is held as exp(logScale) * scaled
        double scaled = 0;
        for (int j = 0; j < terms; j++) {
            if (j > 0) {
                double y = Math.log((double) (n - j + 1) / j) - logBinomialCompensation;
                double t = logBinomial + y;
                logBinomialCompensation = (t - logBinomial) - y;
                logBinomial = t;
            }
            double lower = (nxHi + j + nxLo) / n; // x + j/n
            // log(1 - x - j/n): log1p keeps the relative precision of a small x + j/n, which (n - j) then multiplies
            double logUpper = lower < 0.5 ? Math.log1p(-lower) : Math.log(((n - j) - nxHi - nxLo) / n);
            double logTerm = logBinomial + (n - j) * logUpper + (j - 1) * Math.log(lower);
            if (logTerm > logScale) {
                scaled = scaled * Math.exp(logScale - logTerm) + 1.0;
                logScale = logTerm;
            } else {
                scaled += Math.exp(logTerm - logScale);
            }
            double relative = Math.exp(logTerm - logScale) / scaled;
            // the remaining terms cannot change the sum at double precision
            if (j > 0 && j != terms - 1 && 4.0 * (terms - j) * relative < EPSILON) {
                break;
            }
        }
        return KolmogorovDistribution.clip(Math.exp(Math.log(x) + logScale) * scaled);
    }
}
