package io.mlctl.experiment;

/**
 * Two proportions: pooled z-test for the p-value, unpooled Wald interval for the difference (docs/DESIGN.md "Experiments").
 * <pre>
 *   z  = (p_t - p_c) / sqrt(pbar (1 - pbar) (1/n_c + 1/n_t)),  pbar = (x_c + x_t) / (n_c + n_t)
 *   CI = (p_t - p_c) +- z_{1-a/2} sqrt(p_c (1 - p_c)/n_c + p_t (1 - p_t)/n_t)
 * </pre>
 */
public final class TwoProportionTest {
    private TwoProportionTest() {
    }

    public static Comparison compare(long controlUnits, long controlConversions,
                                     long treatmentUnits, long treatmentConversions, double alpha) {
        return compare(ArmSummary.proportion(controlUnits, controlConversions),
                ArmSummary.proportion(treatmentUnits, treatmentConversions), alpha);
    }

    /** Both summaries must be proportions (mean = rate, sd = sqrt(rate (1 - rate))). */
    public static Comparison compare(ArmSummary control, ArmSummary treatment, double alpha) {
        Checks.openUnit("alpha", alpha);
        Checks.atLeast("control units", control.n(), 1);
        Checks.atLeast("treatment units", treatment.n(), 1);
        double pc = control.mean();
        double pt = treatment.mean();
        long nc = control.n();
        long nt = treatment.n();
        double diff = pt - pc;
        double pbar = (pc * nc + pt * nt) / (nc + nt);
        double pooledSe = Math.sqrt(pbar * (1 - pbar) * (1.0 / nc + 1.0 / nt));
        // all units converted (or none) in both arms: no variance, and no evidence of a difference
        double z = pooledSe == 0 ? 0 : diff / pooledSe;
        double p = pooledSe == 0 ? 1 : StandardNormal.twoSidedP(z);
        double se = Math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt);
        Interval ci = Interval.around(diff, StandardNormal.quantile(1 - alpha / 2) * se);
        return new Comparison(z, Double.POSITIVE_INFINITY, p, diff, ci,
                RelativeLift.estimate(control, treatment), RelativeLift.interval(control, treatment, alpha), se);
    }
}
