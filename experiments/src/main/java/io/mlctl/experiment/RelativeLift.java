package io.mlctl.experiment;

/**
 * Relative lift mu_t / mu_c - 1 with its delta-method interval. Variance of the ratio (docs/DESIGN.md "Experiments"):
 * <pre>  Var = s_c^2 mu_t^2 / (mu_c^4 n_c) + s_t^2 / (mu_c^2 n_t)</pre>
 * where s are the per-unit standard deviations; the interval is lift +- z_{1-a/2} sqrt(Var).
 */
public final class RelativeLift {
    private RelativeLift() {
    }

    public static double estimate(ArmSummary control, ArmSummary treatment) {
        return treatment.mean() / control.mean() - 1;
    }

    public static Interval interval(ArmSummary control, ArmSummary treatment, double alpha) {
        Checks.openUnit("alpha", alpha);
        double se = standardError(control, treatment);
        if (Double.isInfinite(se)) {
            // the lift is undefined without a control level; an infinite interval says "no information" honestly
            return new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return Interval.around(estimate(control, treatment), StandardNormal.quantile(1 - alpha / 2) * se);
    }

    /** The delta-method standard error sqrt(Var); infinite when the control level is 0. */
    public static double standardError(ArmSummary control, ArmSummary treatment) {
        double mc = control.mean();
        double mt = treatment.mean();
        if (mc == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double var = control.variance() * mt * mt / (Math.pow(mc, 4) * control.n())
                + treatment.variance() / (mc * mc * treatment.n());
        return Math.sqrt(var);
    }
}
