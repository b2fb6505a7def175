package io.mlctl.experiment;

/**
 * Non-inferiority of a guardrail metric: the treatment may not be worse than the control by more than a margin.
 *
 * <p>The margin is relative to the control's level: {@code margin = 0.02} tolerates a degradation of 2% of the control
 * mean (the "good" direction comes from {@link Direction}). With the interval I of the difference (treatment - control)
 * turned into an interval of the improvement, and allowed = margin * |control mean|:
 * <ul>
 * <li>{@link Outcome#NON_INFERIOR}: the improvement's lower bound is above -allowed (shown to be no worse);</li>
 * <li>{@link Outcome#BREACHED}: its upper bound is below -allowed (shown to be worse than tolerated);</li>
 * <li>{@link Outcome#INCONCLUSIVE}: the interval straddles -allowed.</li>
 * </ul>
 * Pass a confidence-sequence interval while the experiment runs (peeking-safe) and the fixed-horizon interval once the
 * planned samples are in.
 */
public final class NonInferiority {
    private NonInferiority() {
    }

    public enum Outcome { NON_INFERIOR, INCONCLUSIVE, BREACHED }

    public record Result(Outcome outcome, double allowedDegradation, Interval improvement) {
    }

    public static Result check(Interval difference, double controlMean, double margin, Direction direction) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new ExperimentInputException("non-inferiority margin must be zero or positive, got " + margin);
        }
        double a = direction.improvement(difference.lower());
        double b = direction.improvement(difference.upper());
        Interval improvement = new Interval(Math.min(a, b), Math.max(a, b));
        double allowed = margin * Math.abs(controlMean);
        Outcome outcome = improvement.above(-allowed) ? Outcome.NON_INFERIOR
                : improvement.below(-allowed) ? Outcome.BREACHED : Outcome.INCONCLUSIVE;
        return new Result(outcome, allowed, improvement);
    }
}
