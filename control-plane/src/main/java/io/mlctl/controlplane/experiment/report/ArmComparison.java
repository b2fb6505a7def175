package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.ArmSummary;
import io.mlctl.experiment.Comparison;
import io.mlctl.experiment.ConfidenceSequence;
import io.mlctl.experiment.Direction;
import io.mlctl.experiment.Interval;
import io.mlctl.experiment.RelativeLift;
import io.mlctl.experiment.TwoProportionTest;
import io.mlctl.experiment.WelchTest;

/**
 * One metric, one treatment arm against the control, at the current totals: the fixed-horizon test (z or Welch) and
 * the peeking-safe confidence sequence of the difference. {@code fixed} is null while an arm has fewer than 2 units.
 */
public record ArmComparison(MetricSpec metric, String arm, ArmSummary control, ArmSummary treatment,
                     Comparison fixed, Interval sequence, Double sequentialPValue) {

    /** Below this many units per arm no test is run: a variance needs two values. */
    public static final long MIN_UNITS = 2;

    static ArmComparison of(MetricSpec metric, String arm, ArmSummary control, ArmSummary treatment,
                            double alpha, long nStar) {
        if (control.n() < MIN_UNITS || treatment.n() < MIN_UNITS) {
            return new ArmComparison(metric, arm, control, treatment, null, null, null);
        }
        Comparison fixed = metric.type() == MetricType.proportion
                ? TwoProportionTest.compare(control, treatment, alpha)
                : WelchTest.compare(control, treatment, alpha);
        long n = control.n() + treatment.n();
        Interval cs = ConfidenceSequence.interval(fixed.difference(), fixed.standardError(), n, nStar, alpha);
        double p = ConfidenceSequence.pValue(fixed.difference(), fixed.standardError(), n, nStar, alpha);
        return new ArmComparison(metric, arm, control, treatment, fixed, cs, p);
    }

    public boolean tested() {
        return fixed != null;
    }

    public Direction direction() {
        return metric.direction() == MetricDirection.decrease ? Direction.DECREASE : Direction.INCREASE;
    }

    /** The confidence sequence is entirely on the good side of zero. */
    public boolean sequentiallyBetter() {
        return tested() && improvement(sequence).lower() > 0;
    }

    /** The confidence sequence is entirely on the bad side of zero. */
    public boolean sequentiallyWorse() {
        return tested() && improvement(sequence).upper() < 0;
    }

    /** The difference expressed so that positive is good. */
    public double improvement() {
        return direction().improvement(fixed.difference());
    }

    /** The relative lift's confidence sequence (delta-method standard error); null when the control level is 0. */
    public Interval liftSequence(double alpha, long nStar) {
        double se = RelativeLift.standardError(control, treatment);
        if (!tested() || !Double.isFinite(se)) {
            return null;
        }
        return ConfidenceSequence.interval(fixed.relativeLift(), se, control.n() + treatment.n(), nStar, alpha);
    }

    private Interval improvement(Interval i) {
        double a = direction().improvement(i.lower());
        double b = direction().improvement(i.upper());
        return new Interval(Math.min(a, b), Math.max(a, b));
    }
}
