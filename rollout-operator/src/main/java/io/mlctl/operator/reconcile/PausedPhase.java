package io.mlctl.operator.reconcile;

import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.RolloutPhase;

import java.time.Duration;

/**
 * Paused: traffic holds where it is and the strategy's timers stop, by the user's {@code spec.paused} or by the
 * operator when guardrails stayed inconclusive (onInconclusive: pause; it sets {@code spec.paused} itself).
 * Guardrails keep being judged: a failing candidate still rolls back, and promote and abort still work.
 */
final class PausedPhase implements PhaseHandler {
    private final Phases phases;
    private final StatusRecorder recorder;

    PausedPhase(Phases phases, StatusRecorder recorder) {
        this.phases = phases;
        this.recorder = recorder;
    }

    @Override
    public Step handle(Reconciliation r) {
        if (r.spec().abortRequested()) {
            return phases.rollingBack().enter(r, ProgressingPhase.ABORTED, "aborted");
        }
        if (!r.spec().pauseRequested() && r.status().getPausedAt() != null) {
            resume(r);
        }
        return phases.progressing().proceed(r);
    }

    /** The user paused: hold the traffic the strategy has now. */
    Step hold(Reconciliation r) {
        ModelRolloutStatus status = r.status();
        if (status.getPausedAt() == null) {
            status.setPausedAt(r.now());
        }
        TrafficPlan traffic = r.strategy().currentTraffic(r.rollout());
        if (status.getPhase() != RolloutPhase.PAUSED) {
            recorder.phase(r.rollout(), RolloutPhase.PAUSED, "Paused", "paused by the user (mlctl rollout pause); traffic holds at "
                    + traffic.candidateWeight() + "% to the candidate; 'mlctl rollout resume' continues");
        }
        // guardrails keep being judged while paused: a failing candidate still rolls back
        return r.bothServers(traffic, Durations.parse(r.spec().guardrailsOrDefault().intervalOrDefault()));
    }

    /** The guardrails' onInconclusive policy: roll back, or pause (setting spec.paused) until the user resumes. */
    Step inconclusive(Reconciliation r, String message, String reason) {
        if (r.spec().guardrailsOrDefault().onInconclusiveOrDefault() == GuardrailsSpec.OnInconclusive.ROLLBACK) {
            return phases.rollingBack().enter(r, message + " (onInconclusive: rollback)", reason);
        }
        r.rollout().setSpec(r.spec().withPaused(true));
        r.status().setPausedAt(r.now());
        recorder.phase(r.rollout(), RolloutPhase.PAUSED, "PausedInconclusive", "paused: " + message
                + "; never promoting without data. 'mlctl rollout resume " + r.rollout().getMetadata().getName()
                + "' continues, 'mlctl rollout abort' rolls back");
        Step hold = r.bothServers(r.strategy().currentTraffic(r.rollout()), r.strategyContext().guardrailInterval());
        return new Step(hold.plan(), hold.wakeUpIn(), true);
    }

    /** Timers stop while paused: the current step resumes with the time it had left. */
    private void resume(Reconciliation r) {
        ModelRolloutStatus status = r.status();
        Duration paused = Duration.between(status.getPausedAt(), r.now());
        if (status.getStepStartedAt() != null && !paused.isNegative()) {
            status.setStepStartedAt(status.getStepStartedAt().plus(paused));
        }
        status.setPausedAt(null);
        status.setGuardrails(GuardrailLedger.forgiveInconclusive(status.getGuardrails()));
        recorder.events().normal(r.rollout(), "Resumed", "resumed after " + Durations.format(paused.withNanos(0)) + " paused");
    }
}
