package io.mlctl.operator.reconcile;

import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.strategy.Decision;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RolloutPhase;

import java.util.Objects;

/**
 * Progressing: guardrails are judged when due, then the user's commands and the guardrails' verdict come before the
 * strategy: a failed guardrail rolls back even when the user asked to promote; promote wins over an inconclusive
 * verdict; a pause holds traffic where it is.
 */
final class ProgressingPhase implements PhaseHandler {
    static final String ABORTED = "aborted by the user (mlctl rollout abort)";

    private final Phases phases;
    private final GuardrailSchedule guardrails;
    private final StatusRecorder recorder;

    ProgressingPhase(Phases phases, GuardrailSchedule guardrails, StatusRecorder recorder) {
        this.phases = phases;
        this.guardrails = guardrails;
        this.recorder = recorder;
    }

    @Override
    public Step handle(Reconciliation r) {
        if (r.spec().abortRequested()) {
            return phases.rollingBack().enter(r, ABORTED, "aborted");
        }
        return proceed(r);
    }

    /** Judges the guardrails and acts on them, the user's commands and the strategy (also while Paused). */
    Step proceed(Reconciliation r) {
        ModelRolloutSpec spec = r.spec();
        long t = r.timings().start();
        guardrails.judgeIfDue(r);
        r.timings().done("guardrails", t);
        GuardrailLedger.Verdict verdict = GuardrailLedger.verdict(spec.guardrailsOrDefault(), r.status().getGuardrails());
        if (verdict.kind() == GuardrailLedger.Verdict.Kind.FAILED) {
            return phases.rollingBack().enter(r, verdict.message(), "guardrail_failed");
        }
        if (spec.promoteRequested()) {
            return phases.promoting().enter(r, "promoted by the user (mlctl rollout promote)");
        }
        if (verdict.kind() == GuardrailLedger.Verdict.Kind.INCONCLUSIVE && !spec.pauseRequested()) {
            return phases.paused().inconclusive(r, verdict.message(), "guardrail_inconclusive");
        }
        if (spec.pauseRequested()) {
            return phases.paused().hold(r);
        }
        Integer stepBefore = r.status().getStep();
        Decision d = r.strategy().progress(r.strategyContext());
        if (d instanceof Decision.Continue c && stepBefore != null && !Objects.equals(stepBefore, r.status().getStep())) {
            recorder.events().normal(r.rollout(), "StepAdvanced", c.message());
        }
        return phases.follow(r, d);
    }

    /** The strategy carries on with this traffic. */
    Step enter(Reconciliation r, Decision.Continue c) {
        if (r.status().getPhase() != RolloutPhase.PROGRESSING) {
            recorder.phase(r.rollout(), RolloutPhase.PROGRESSING, "Progressing", c.message());
        } else {
            recorder.message(r.rollout(), c.message());
        }
        return r.bothServers(c.traffic(), c.wakeUpIn());
    }
}
