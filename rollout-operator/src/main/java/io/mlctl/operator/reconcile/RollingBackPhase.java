package io.mlctl.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;

import java.time.Duration;
import java.time.Instant;

/**
 * Rolling back: all traffic returns to the baseline and the candidate is scaled to 0 (RolledBack, final). With
 * retrain.onRollback a retrain trigger is owed; it stays in the status and is asked for again on later
 * reconciliations until the control plane accepts it.
 */
final class RollingBackPhase {
    private final StatusRecorder recorder;
    private final RetrainRequests retrains;

    RollingBackPhase(StatusRecorder recorder, RetrainRequests retrains) {
        this.recorder = recorder;
        this.retrains = retrains;
    }

    /** @param reason bounded label for {@code mlctl_rollouts_rolled_back_total{reason}} */
    Step enter(Reconciliation r, String why, String reason) {
        Observation obs = r.observed();
        r.strategy().finished(r.strategyContext());
        recorder.phase(r.rollout(), RolloutPhase.ROLLED_BACK, "RolledBack", "rolled back: " + why + "; all traffic on version "
                + obs.baseline().version() + ", version " + obs.candidate().version() + " scaled to 0");
        recorder.metrics().rolledBack(reason);
        // kept in the status with the rollback: when the control plane cannot take it now, later reconciliations ask again
        Duration retrainRetry = r.spec().retrainOnRollback() ? retrains.owe(r.rollout(), reason, r.now()) : null;
        return r.baselineOnly(retrainRetry);
    }

    /**
     * A finished rollout leaves the servers and the route to the next one; only a retrain trigger a rollback owes is
     * asked for again (once its backoff is over).
     */
    UpdateControl<ModelRollout> finished(ModelRollout rollout, Context<ModelRollout> context, Instant now) {
        if (RetrainRequests.pending(rollout.getStatus())) {
            return recorder.write(rollout, context, retrains.retry(rollout, now), false);
        }
        recorder.metrics().record(rollout);
        return UpdateControl.noUpdate();
    }
}
