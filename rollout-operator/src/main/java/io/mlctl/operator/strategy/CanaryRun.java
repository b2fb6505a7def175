package io.mlctl.operator.strategy;

import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.StrategySpec.CanaryStep;

import java.time.Duration;
import java.util.List;

/**
 * Canary: the candidate's weight follows the steps; each step holds for its pause, and the next step (or the
 * promotion after the last) needs every guardrail to have passed since the step began.
 */
public final class CanaryRun implements RolloutStrategy {

    @Override
    public Decision start(StrategyContext ctx) {
        return enter(ctx, 0);
    }

    @Override
    public Decision progress(StrategyContext ctx) {
        List<CanaryStep> steps = steps(ctx);
        ModelRolloutStatus status = ctx.status();
        int step = status.getStep() == null ? 0 : Math.min(status.getStep(), steps.size() - 1);
        CanaryStep current = steps.get(step);
        Duration pause = Durations.parse(current.pause());
        Duration left = pause.minus(ctx.elapsedInStep());
        TrafficPlan traffic = TrafficPlan.canary(current.weight());
        if (!left.isNegative() && !left.isZero()) {
            return new Decision.Continue(traffic, where(step, steps) + "; next " + (step + 1 < steps.size() ? "step" : "promotion")
                    + " at " + ctx.stepStartedAt().plus(pause), ctx.wakeUpIn(left));
        }
        if (!GuardrailLedger.allPassedSince(ctx.guardrailRecord(), ctx.stepStartedAt())) {
            return new Decision.Continue(traffic, where(step, steps) + "; pause over, waiting for guardrails to pass ("
                    + GuardrailLedger.notPassing(ctx.guardrailRecord(), ctx.stepStartedAt()) + ")", ctx.wakeUpIn(null));
        }
        if (step + 1 < steps.size()) {
            return enter(ctx, step + 1);
        }
        return new Decision.Promote("all " + steps.size() + " canary steps passed with guardrails passing");
    }

    @Override
    public TrafficPlan currentTraffic(ModelRollout rollout) {
        ModelRolloutStatus status = rollout.getStatus();
        Integer w = status.getWeights() == null ? null : status.getWeights().candidate();
        return TrafficPlan.canary(w == null ? 0 : w);
    }

    private Decision enter(StrategyContext ctx, int step) {
        List<CanaryStep> steps = steps(ctx);
        CanaryStep s = steps.get(step);
        ctx.status().setStep(step);
        ctx.status().setStepStartedAt(ctx.now());
        Duration pause = Durations.parse(s.pause());
        return new Decision.Continue(TrafficPlan.canary(s.weight()), where(step, steps) + "; next "
                + (step + 1 < steps.size() ? "step" : "promotion") + " at " + ctx.now().plus(pause), ctx.wakeUpIn(pause));
    }

    private static String where(int step, List<CanaryStep> steps) {
        return "canary step " + (step + 1) + "/" + steps.size() + ": " + steps.get(step).weight() + "% to the candidate";
    }

    private static List<CanaryStep> steps(StrategyContext ctx) {
        return ctx.rollout().getSpec().strategy().canary().steps();
    }
}
