package io.mlctl.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two means with unequal variances (Welch):
 * <pre>
 *   se = sqrt(s_c^2/n_c + s_t^2/n_t),  t = (m_t - m_c) / se
 *   df = se^4 / [ (s_c^2/n_c)^2/(n_c - 1) + (s_t^2/n_t)^2/(n_t - 1) ]      (Welch-Satterthwaite)
 *   p  = 2 P(T_df >= |t|),  CI = (m_t - m_c) +- t_{df, 1-a/2} se
 * </pre>
 */
public final class WelchTest {
    /** The t quantile is found by a solver; its default accuracy (1e-9) would show in the interval's 9th digit. */
    private static final double QUANTILE_ACCURACY = 1e-14;

    private WelchTest() {
    }

    public static Comparison compare(ArmSummary control, ArmSummary treatment, double alpha) {
        Checks.openUnit("alpha", alpha);
        Checks.atLeast("control units", control.n(), 2);
        Checks.atLeast("treatment units", treatment.n(), 2);
        double vc = control.variance() / control.n();
        double vt = treatment.variance() / treatment.n();
        double se = Math.sqrt(vc + vt);
        double diff = treatment.mean() - control.mean();
        if (se == 0) {
            // constant values in both arms: the difference is exact
            double p = diff == 0 ? 1 : 0;
            return new Comparison(diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff), Double.NaN, p, diff,
                    new Interval(diff, diff), RelativeLift.estimate(control, treatment),
                    RelativeLift.interval(control, treatment, alpha), 0);
        }
        double df = Math.pow(vc + vt, 2) / (vc * vc / (control.n() - 1) + vt * vt / (treatment.n() - 1));
        double t = diff / se;
        TDistribution dist = new TDistribution(null, df, QUANTILE_ACCURACY);
        double p = 2 * dist.cumulativeProbability(-Math.abs(t));
        Interval ci = Interval.around(diff, dist.inverseCumulativeProbability(1 - alpha / 2) * se);
        return new Comparison(t, df, p, diff, ci, RelativeLift.estimate(control, treatment),
                RelativeLift.interval(control, treatment, alpha), se);
    }
}
