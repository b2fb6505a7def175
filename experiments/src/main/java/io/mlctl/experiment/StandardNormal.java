package io.mlctl.experiment;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Quantiles and tail probabilities of N(0, 1), the z of every formula in this package. */
final class StandardNormal {
    // no random generator: only cdf and inverse cdf are used, and building a Well19937c per call is wasteful
    private static final NormalDistribution N = new NormalDistribution(null, 0, 1);

    private StandardNormal() {
    }

    /** z_p, the p-quantile. */
    static double quantile(double p) {
        return N.inverseCumulativeProbability(p);
    }

    static double cdf(double z) {
        return N.cumulativeProbability(z);
    }

    /** P(|Z| >= |z|). */
    static double twoSidedP(double z) {
        return 2 * N.cumulativeProbability(-Math.abs(z));
    }
}
