package io.mlctl.experiment;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The plan of a two-proportion test: baseline rate p1 of the control arm, the smallest change worth detecting
 * (absolute, so the treatment rate is p2 = p1 + mde), two-sided alpha, power 1 - beta and allocation ratio
 * k = n_treatment / n_control.
 *
 * <p>Sample size per arm (docs/DESIGN.md "Experiments"), with pbar = (p1 + k p2) / (1 + k):
 * <pre>
 *   n_c = ceil( [z_{1-a/2} sqrt(pbar (1-pbar) (1 + 1/k)) + z_{1-b} sqrt(p1 (1-p1) + p2 (1-p2) / k)]^2 / (p2 - p1)^2 )
 *   n_t = ceil(k n_c)
 * </pre>
 * The inverse questions solve the same equation for power (closed form) or for the MDE (numerically).
 */
public record ProportionDesign(double baseline, double mdeAbsolute, double alpha, double power, double ratio) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_POWER = 0.8;

    public ProportionDesign {
        Checks.openUnit("baseline rate", baseline);
        Checks.nonZeroFinite("MDE", mdeAbsolute);
        Checks.plan(alpha, power, ratio);
        Checks.treatmentRate(baseline, "MDE " + Checks.format(mdeAbsolute), baseline + mdeAbsolute);
    }

    /** The MDE as an absolute change of the rate: 0.10 -> 0.12 is {@code absolute(0.10, 0.02, ...)}. */
    public static ProportionDesign absolute(double baseline, double mdeAbsolute, double alpha, double power, double ratio) {
        return new ProportionDesign(baseline, mdeAbsolute, alpha, power, ratio);
    }

    /** The MDE relative to the baseline: 0.10 -> 0.11 is {@code relative(0.10, 0.10, ...)}; p2 = p1 (1 + mde). */
    public static ProportionDesign relative(double baseline, double mdeRelative, double alpha, double power, double ratio) {
        Checks.openUnit("baseline rate", baseline);
        Checks.nonZeroFinite("relative MDE", mdeRelative);
        double p2 = baseline * (1 + mdeRelative);
        Checks.treatmentRate(baseline, "relative MDE " + Checks.format(mdeRelative), p2);
        // p2 - p1 rather than p1 * mde keeps the rounding of the formula of docs/DESIGN.md "Experiments", which starts from p2
        return new ProportionDesign(baseline, p2 - baseline, alpha, power, ratio);
    }

    public double treatmentRate() {
        return baseline + mdeAbsolute;
    }

    public double mdeRelative() {
        return mdeAbsolute / baseline;
    }

    public SampleSize sampleSize() {
        double p1 = baseline;
        double p2 = treatmentRate();
        double k = ratio;
        double nc = Math.ceil(Math.pow(numerator(p1, p2, k, StandardNormal.quantile(1 - alpha / 2),
                StandardNormal.quantile(power)), 2) / Math.pow(p2 - p1, 2));
        return new SampleSize((long) nc, (long) Math.ceil(k * nc));
    }

    /** The power this design reaches with the given arm sizes (the allocation ratio is taken from them). */
    public double powerAt(long nControl, long nTreatment) {
        return powerAt(baseline, mdeAbsolute, alpha, nControl, nTreatment);
    }

    /**
     * The smallest absolute increase of the baseline rate that {@code nControl}/{@code nTreatment} units detect with
     * this alpha and power.
     */
    public static double minimumDetectableEffect(double baseline, double alpha, double power, long nControl, long nTreatment) {
        Checks.openUnit("baseline rate", baseline);
        Checks.openUnit("alpha", alpha);
        Checks.openUnit("power", power);
        Checks.atLeast("control sample size", nControl, 1);
        Checks.atLeast("treatment sample size", nTreatment, 1);
        double hi = (1 - baseline) * (1 - 1e-12);
        if (powerAt(baseline, hi, alpha, nControl, nTreatment) < power) {
            throw new ExperimentInputException("no increase of the rate " + Checks.format(baseline) + " is detectable with "
                    + nControl + " control and " + nTreatment + " treatment units at power " + Checks.format(power));
        }
        // power grows with the effect, so the root is unique; the tolerance is far below any reported digit
        return new BrentSolver(1e-14, 1e-12).solve(10_000,
                d -> powerAt(baseline, d, alpha, nControl, nTreatment) - power, 1e-12, hi);
    }

    /** Power of the two-sided pooled z-test for a true change {@code mde} of the rate {@code baseline}. */
    public static double powerAt(double baseline, double mde, double alpha, long nControl, long nTreatment) {
        Checks.atLeast("control sample size", nControl, 1);
        Checks.atLeast("treatment sample size", nTreatment, 1);
        double p1 = baseline;
        double p2 = baseline + mde;
        double k = (double) nTreatment / nControl;
        double za = StandardNormal.quantile(1 - alpha / 2);
        double pbar = (p1 + k * p2) / (1 + k);
        double pooled = Math.sqrt(pbar * (1 - pbar) * (1 + 1 / k));
        double unpooled = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2) / k);
        double zb = (Math.sqrt(nControl) * Math.abs(p2 - p1) - za * pooled) / unpooled;
        return StandardNormal.cdf(zb);
    }

    private static double numerator(double p1, double p2, double k, double za, double zb) {
        double pbar = (p1 + k * p2) / (1 + k);
        return za * Math.sqrt(pbar * (1 - pbar) * (1 + 1 / k)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2) / k);
    }
}
