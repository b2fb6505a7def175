package io.mlctl.experiment;

/**
 * The plan of a two-sample test of means: standard deviation sigma of the metric (per unit), the smallest absolute
 * difference worth detecting, two-sided alpha, power 1 - beta and allocation ratio k = n_treatment / n_control.
 *
 * <p>Sample size (docs/DESIGN.md "Experiments"): {@code n = ceil(2 sigma^2 (z_{1-a/2} + z_{1-b})^2 / mde^2)} per arm. For
 * unequal arms the 2 becomes (1 + 1/k) for the control arm and n_t = ceil(k n_c), which is the same formula at k = 1.
 */
public record MeanDesign(double sigma, double mdeAbsolute, double alpha, double power, double ratio) {

    public MeanDesign {
        Checks.positive("sigma", sigma);
        Checks.nonZeroFinite("MDE", mdeAbsolute);
        Checks.plan(alpha, power, ratio);
    }

    public SampleSize sampleSize() {
        double z = StandardNormal.quantile(1 - alpha / 2) + StandardNormal.quantile(power);
        double nc = Math.ceil((1 + 1 / ratio) * sigma * sigma * (z * z) / (mdeAbsolute * mdeAbsolute));
        return new SampleSize((long) nc, (long) Math.ceil(ratio * nc));
    }

    public double powerAt(long nControl, long nTreatment) {
        return powerAt(sigma, mdeAbsolute, alpha, nControl, nTreatment);
    }

    /** Power of the two-sided z-approximation for a true difference {@code mde}. */
    public static double powerAt(double sigma, double mde, double alpha, long nControl, long nTreatment) {
        Checks.atLeast("control sample size", nControl, 1);
        Checks.atLeast("treatment sample size", nTreatment, 1);
        double se = sigma * Math.sqrt(1.0 / nControl + 1.0 / nTreatment);
        return StandardNormal.cdf(Math.abs(mde) / se - StandardNormal.quantile(1 - alpha / 2));
    }

    /** The smallest absolute difference detectable with these arm sizes: (z_{1-a/2} + z_{1-b}) sigma sqrt(1/n_c + 1/n_t). */
    public static double minimumDetectableEffect(double sigma, double alpha, double power, long nControl, long nTreatment) {
        Checks.positive("sigma", sigma);
        Checks.openUnit("alpha", alpha);
        Checks.openUnit("power", power);
        Checks.atLeast("control sample size", nControl, 1);
        Checks.atLeast("treatment sample size", nTreatment, 1);
        double z = StandardNormal.quantile(1 - alpha / 2) + StandardNormal.quantile(power);
        return z * sigma * Math.sqrt(1.0 / nControl + 1.0 / nTreatment);
    }
}
