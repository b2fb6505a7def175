package io.mlctl.operator.strategy;

import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.StrategySpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shadow: the baseline answers every request and a share is mirrored to the candidate, whose predictions the
 * control plane compares with the baseline's. It ends when {@code minSamples} predictions were compared or
 * {@code duration} passed; then it promotes if guardrails (typically prediction PSI from the comparison) pass.
 * Ending with nothing compared is inconclusive: never a promotion.
 */
public final class ShadowRun implements RolloutStrategy {
    private final ControlPlane controlPlane;

    public ShadowRun(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public Decision start(StrategyContext ctx) {
        ctx.status().setStep(0);
        ctx.status().setStepStartedAt(ctx.now());
        StrategySpec.ShadowStrategy sh = spec(ctx.rollout());
        return new Decision.Continue(currentTraffic(ctx.rollout()), "shadow: mirroring " + sh.mirrorPercentOrDefault()
                + "% of requests to the candidate" + ends(sh), ctx.wakeUpIn(sh.duration() == null ? null : Durations.parse(sh.duration())));
    }

    @Override
    public Decision progress(StrategyContext ctx) {
        ModelRolloutStatus status = ctx.status();
        try {
            return judge(ctx, controlPlane.compare(ctx.rollout().getSpec().model(), status.getBaselineVersion(),
                    status.getCandidateVersion(), ControlPlaneDrift.period(ctx.elapsedInStep())), null);
        } catch (ControlPlaneException e) {
            return judge(ctx, null, e.getMessage());
        }
    }

    /**
     * The decision from the comparison so far (recorded as the status's samples).
     *
     * @param c           the control plane's comparison; null when it could not be read
     * @param unavailable why it could not be read
     */
    static Decision judge(StrategyContext ctx, PredictionComparison c, String unavailable) {
        StrategySpec.ShadowStrategy sh = spec(ctx.rollout());
        ModelRolloutStatus status = ctx.status();
        TrafficPlan traffic = TrafficPlan.mirror(sh.mirrorPercentOrDefault());
        String prefix = "shadow: mirroring " + sh.mirrorPercentOrDefault() + "% to the candidate";
        long compared;
        if (c != null) {
            compared = c.candidateSamples();
            Map<String, Long> observed = new LinkedHashMap<>();
            observed.put("baseline", c.baselineSamples());
            observed.put("candidate", c.candidateSamples());
            status.setSamples(new ModelRolloutStatus.Samples(sh.minSamples() == null ? null : Map.of("candidate", sh.minSamples()), observed));
        } else {
            compared = status.getSamples() == null || status.getSamples().observed() == null ? 0
                    : status.getSamples().observed().getOrDefault("candidate", 0L);
            if (!timeUp(sh, ctx)) {
                return new Decision.Continue(traffic, prefix + "; cannot read the comparison from the control plane ("
                        + unavailable + ")", ctx.wakeUpIn(null));
            }
        }
        boolean enoughSamples = sh.minSamples() != null && compared >= sh.minSamples();
        if (!enoughSamples && !timeUp(sh, ctx)) {
            Duration left = sh.duration() == null ? null : Durations.parse(sh.duration()).minus(ctx.elapsedInStep());
            return new Decision.Continue(traffic, prefix + "; " + compared + (sh.minSamples() == null ? "" : "/" + sh.minSamples())
                    + " predictions compared" + (left == null ? "" : ", ends at the latest at "
                    + ctx.stepStartedAt().plus(Durations.parse(sh.duration()))), ctx.wakeUpIn(left));
        }
        String ended = enoughSamples ? compared + " predictions compared" : "shadow ran for " + sh.duration();
        if (compared == 0) {
            return new Decision.Inconclusive(ended + " without a single mirrored prediction to compare");
        }
        if (!GuardrailLedger.allPassedSince(ctx.guardrailRecord(), ctx.stepStartedAt())) {
            return new Decision.Continue(traffic, prefix + "; " + ended + "; waiting for guardrails to pass ("
                    + GuardrailLedger.notPassing(ctx.guardrailRecord(), ctx.stepStartedAt()) + ")", ctx.wakeUpIn(null));
        }
        return new Decision.Promote("shadow passed: " + ended + " with guardrails passing");
    }

    @Override
    public TrafficPlan currentTraffic(ModelRollout rollout) {
        return TrafficPlan.mirror(spec(rollout).mirrorPercentOrDefault());
    }

    private static boolean timeUp(StrategySpec.ShadowStrategy sh, StrategyContext ctx) {
        return sh.duration() != null && ctx.elapsedInStep().compareTo(Durations.parse(sh.duration())) >= 0;
    }

    private static String ends(StrategySpec.ShadowStrategy sh) {
        if (sh.minSamples() != null && sh.duration() != null) {
            return " until " + sh.minSamples() + " predictions are compared or " + sh.duration() + " passed";
        }
        return sh.minSamples() != null ? " until " + sh.minSamples() + " predictions are compared" : " for " + sh.duration();
    }

    private static StrategySpec.ShadowStrategy spec(ModelRollout rollout) {
        return rollout.getSpec().strategy().shadow();
    }
}
