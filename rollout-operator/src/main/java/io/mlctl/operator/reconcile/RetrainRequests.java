package io.mlctl.operator.reconcile;

import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.RetrainState;
import io.mlctl.rollout.api.ModelRolloutStatus.RetrainStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The retrain trigger a rollback owes (retrain.onRollback). It is kept in the status with the rollback and asked for
 * again on later reconciliations with exponential backoff until the control plane accepts it: an outage at rollback
 * time delays the retrain, never loses it, and a restarted operator picks it up from the status. Retrying is safe
 * because the control plane answers a repeat of the same version and reason within the model's retrain cooldown
 * with the trigger it already has: neither a request whose answer was lost nor a rollback repeated because its
 * status write failed fires a second trigger.
 */
final class RetrainRequests {
    static final String REASON = "rollback";
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    /** Where the rollback message ends and the retrain's part of it starts. */
    private static final String MARK = "; retrain ";

    private final ControlPlane controlPlane;
    private final StatusRecorder recorder;

    RetrainRequests(ControlPlane controlPlane, StatusRecorder recorder) {
        this.controlPlane = controlPlane;
        this.recorder = recorder;
    }

    /** Records the owed trigger and asks for it; answers when to try again (null: nothing left to do). */
    Duration owe(ModelRollout rollout, String rollbackReason, Instant now) {
        rollout.getStatus().setRetrain(new RetrainStatus(RetrainState.PENDING, rollbackReason, null, 0, null, null, null));
        return attempt(rollout, now);
    }

    static boolean pending(ModelRolloutStatus status) {
        return status.getRetrain() != null && status.getRetrain().state() == RetrainState.PENDING;
    }

    /** A later reconciliation: asks again once the backoff is over; answers when to look again. */
    Duration retry(ModelRollout rollout, Instant now) {
        RetrainStatus r = rollout.getStatus().getRetrain();
        if (r.nextAttemptAt() != null) {
            if (now.isBefore(r.nextAttemptAt())) {
                return Duration.between(now, r.nextAttemptAt());
            }
        }
        return attempt(rollout, now);
    }

    private Duration attempt(ModelRollout rollout, Instant now) {
        ModelRolloutStatus status = rollout.getStatus();
        RetrainStatus r = status.getRetrain();
        int attempts = r.attemptsOrZero() + 1;
        String model = rollout.getSpec().model();
        try {
            RetrainTrigger t = controlPlane.triggerRetrain(model, status.getCandidateVersion(), REASON, evidence(rollout, r.reason()));
            status.setRetrain(new RetrainStatus(RetrainState.REQUESTED, r.reason(), t.id(), attempts, now, null, null));
            String what = "retrain trigger " + t.id() + " of " + model + " version " + t.version() + " accepted by the control plane"
                    + (attempts > 1 ? " after " + attempts + " attempts" : "");
            recorder.condition(rollout, Conditions.RETRAIN_REQUESTED, true, "Triggered", what);
            recorder.message(rollout, base(status.getMessage()) + MARK + "triggered (trigger " + t.id() + ")");
            recorder.events().normal(rollout, "RetrainTriggered", what);
            return null;
        } catch (ControlPlaneException e) {
            if (!e.retryable()) {
                status.setRetrain(new RetrainStatus(RetrainState.REFUSED, r.reason(), null, attempts, now, null, e.getMessage()));
                recorder.condition(rollout, Conditions.RETRAIN_REQUESTED, false, "TriggerRefused", e.getMessage());
                recorder.message(rollout, base(status.getMessage()) + MARK + "trigger refused: " + e.getMessage()
                        + " (not retried; fire it with 'mlctl retrain trigger' once fixed)");
                recorder.events().warning(rollout, "RetrainTriggerRefused", e.getMessage());
                return null;
            }
            Duration wait = backoff(attempts);
            Instant next = now.plus(wait);
            status.setRetrain(new RetrainStatus(RetrainState.PENDING, r.reason(), null, attempts, now, next,
                    e.getMessage()));
            String what = "attempt " + attempts + " failed (" + e.getMessage() + "); asking again at " + next;
            recorder.condition(rollout, Conditions.RETRAIN_REQUESTED, false, "TriggerPending", what);
            recorder.message(rollout, base(status.getMessage()) + MARK + "trigger pending: " + what);
            recorder.events().warning(rollout, "RetrainTriggerFailed", what);
            return wait;
        }
    }

    /** 30s, 1m, 2m, 4m... at most 10m between attempts. */
    static Duration backoff(int attempts) {
        int doublings = Math.min(attempts - 1, 10);
        Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private static Map<String, Object> evidence(ModelRollout rollout, String reason) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rollout", rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName());
        evidence.put("reason", reason);
        evidence.put("message", base(rollout.getStatus().getMessage()));
        evidence.put("guardrails", rollout.getStatus().getGuardrails());
        return evidence;
    }

    private static String base(String message) {
        int i = message == null ? -1 : message.indexOf(MARK);
        return i < 0 ? message : message.substring(0, i);
    }
}
