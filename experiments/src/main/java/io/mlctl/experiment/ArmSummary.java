package io.mlctl.experiment;

/**
 * Sufficient statistics of one metric in one arm: units n, mean and standard deviation. Both kinds of metrics reduce
 * to this: a proportion is the mean of 0/1 values.
 *
 * @param sd for means the sample standard deviation (n - 1); for proportions sqrt(p (1 - p)), the Bernoulli one
 */
public record ArmSummary(long n, double mean, double sd) {

    public ArmSummary {
        Checks.atLeast("units", n, 0);
        Checks.finite("mean", mean);
        if (!(sd >= 0) || Double.isInfinite(sd)) {
            throw new ExperimentInputException("standard deviation must be zero or positive, got " + sd);
        }
    }

    /** From a count of conversions out of n units. */
    public static ArmSummary proportion(long n, long conversions) {
        Checks.atLeast("units", n, 0);
        if (conversions < 0 || conversions > n) {
            throw new ExperimentInputException("conversions must be between 0 and the units (" + n + "), got " + conversions);
        }
        double p = n == 0 ? 0 : (double) conversions / n;
        return new ArmSummary(n, p, Math.sqrt(p * (1 - p)));
    }

    /**
     * From running sums of the values (n, sum x, sum x^2), the form stored per arm and day. The variance is
     * clamped at 0: for near-constant values, sumSquares - sum^2/n can round slightly below.
     */
    public static ArmSummary fromSums(long n, double sum, double sumSquares) {
        Checks.atLeast("units", n, 0);
        if (n == 0) {
            return new ArmSummary(0, 0, 0);
        }
        double mean = sum / n;
        double variance = n < 2 ? 0 : Math.max(0, (sumSquares - sum * mean) / (n - 1));
        return new ArmSummary(n, mean, Math.sqrt(variance));
    }

    public double variance() {
        return sd * sd;
    }
}
