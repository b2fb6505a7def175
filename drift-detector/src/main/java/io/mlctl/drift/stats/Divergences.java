package io.mlctl.drift.stats;

/**
 * PSI, KL and Jensen–Shannon distance between two binned distributions, under the convention of docs/DESIGN.md "Drift statistics": proportions are
 * count / total; for PSI and KL an empty bin's proportion becomes {@link #EPSILON} (no renormalisation); the
 * Jensen–Shannon divergence uses the raw proportions (0·ln 0 = 0); natural logarithms throughout.
 */
public final class Divergences {
    /** What an empty bin's proportion is replaced with for PSI and KL. */
    public static final double EPSILON = 1e-4;

    private Divergences() {
    }

    /**
     * Compares bin counts of the reference and the current data (same bins, same order). Totals are passed rather
     * than summed so that a caller whose counts are estimates keeps the exact number of observations.
     */
    public static Result compare(double[] referenceCounts, double referenceTotal, double[] currentCounts,
                                 double currentTotal) {
        if (referenceCounts.length != currentCounts.length) {
            throw new IllegalArgumentException("bins differ: " + referenceCounts.length + " vs " + currentCounts.length);
        }
        if (!(referenceTotal > 0) || !(currentTotal > 0)) {
            return new Result(Double.NaN, Double.NaN, Double.NaN);
        }
        double psi = 0;
        double kl = 0;
        double left = 0;
        double right = 0;
        for (int i = 0; i < referenceCounts.length; i++) {
            double r = referenceCounts[i] / referenceTotal;
            double c = currentCounts[i] / currentTotal;
            double re = r == 0 ? EPSILON : r;
            double ce = c == 0 ? EPSILON : c;
            psi += (ce - re) * Math.log(ce / re);
            kl += re * Math.log(re / ce);
            double m = (r + c) / 2.0;
            left += relativeEntropy(r, m);
            right += relativeEntropy(c, m);
        }
        double js = (left + right) / 2;
        return new Result(psi, kl, Math.sqrt(Math.max(js, 0)));
    }

    private static double relativeEntropy(double x, double y) {
        return x > 0 ? x * Math.log(x / y) : 0.0;
    }

    /** PSI, KL(reference ‖ current) in nats, and the Jensen–Shannon distance (sqrt of the divergence). */
    public record Result(double psi, double kl, double jsDistance) {
    }
}
