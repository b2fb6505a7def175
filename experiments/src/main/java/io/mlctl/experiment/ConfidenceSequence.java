package io.mlctl.experiment;

/**
 * Asymptotic confidence sequences (Waudby-Smith, Arbour, Sinha, Kennedy, Ramdas: "Time-uniform central limit theory
 * and asymptotic confidence sequences", 2021/2024): an interval for the difference that holds at every look at the
 * data at once, so an experiment can be watched continuously ("peeking") without inflating the error rate.
 *
 * <p>With t units observed in total, an estimate {@code diff} with standard error {@code se} (so the per-unit
 * standard deviation is se sqrt(t)), the normal-mixture boundary gives the half-width
 * <pre>
 *   h = se * sqrt( 2 (t rho^2 + 1) / (t rho^2) * ln( sqrt(t rho^2 + 1) / alpha ) )
 *   rho^2 = ( -2 ln alpha + ln(-2 ln alpha + 1) ) / N*
 * </pre>
 * where rho is tuned so that the sequence is tightest at t = N* (default 5000 units). The fixtures
 * (the "sequential" cases of experiments/cases.json under mlctl.fixtures) follow exactly this form.
 *
 * <p>The anytime-valid p-value is the smallest alpha' whose sequence (same rho) excludes zero, solving h(alpha') = |diff|:
 * <pre>  p = min(1, sqrt(t rho^2 + 1) * exp( -diff^2 t rho^2 / (2 se^2 (t rho^2 + 1)) ))</pre>
 */
public final class ConfidenceSequence {
    public static final long DEFAULT_N_STAR = 5000;

    private ConfidenceSequence() {
    }

    /** The tuning rho^2 for a sequence tightest at {@code nStar} units. */
    public static double rhoSquared(long nStar, double alpha) {
        Checks.atLeast("N*", nStar, 1);
        Checks.openUnit("alpha", alpha);
        double l = -2 * Math.log(alpha);
        return (l + Math.log(l + 1)) / nStar;
    }

    public static double halfWidth(double se, long nTotal, long nStar, double alpha) {
        check(se, nTotal);
        double tr = nTotal * rhoSquared(nStar, alpha);
        return se * Math.sqrt(2 * (tr + 1) / tr * Math.log(Math.sqrt(tr + 1) / alpha));
    }

    public static Interval interval(double diff, double se, long nTotal, long nStar, double alpha) {
        return Interval.around(diff, halfWidth(se, nTotal, nStar, alpha));
    }

    /** Anytime-valid p-value for "no difference", with rho tuned at {@code alpha} and {@code nStar}. */
    public static double pValue(double diff, double se, long nTotal, long nStar, double alpha) {
        check(se, nTotal);
        if (se == 0) {
            return diff == 0 ? 1 : 0;
        }
        double tr = nTotal * rhoSquared(nStar, alpha);
        double p = Math.sqrt(tr + 1) * Math.exp(-diff * diff * tr / (2 * se * se * (tr + 1)));
        return Math.min(1, p);
    }

    private static void check(double se, long nTotal) {
        if (!(se >= 0) || Double.isInfinite(se)) {
            throw new ExperimentInputException("standard error must be zero or positive, got " + se);
        }
        Checks.atLeast("total units", nTotal, 1);
    }
}
