package io.mlctl.operator.reconcile;

import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RolloutPhase;

/**
 * Promoting: the baseline alias moves to the candidate in the registry (a compare-and-set), then the candidate gets
 * all traffic and the baseline is scaled to 0: Succeeded. While the control plane cannot be reached the rollout
 * stays Promoting with its traffic as it was; an alias someone else moved meanwhile fails the rollout.
 */
final class PromotingPhase implements PhaseHandler {
    private final ControlPlane controlPlane;
    private final StatusRecorder recorder;

    PromotingPhase(ControlPlane controlPlane, StatusRecorder recorder) {
        this.controlPlane = controlPlane;
        this.recorder = recorder;
    }

    /** A promotion that could not finish before (its message says why it started) is tried again. */
    @Override
    public Step handle(Reconciliation r) {
        return enter(r, r.status().getMessage());
    }

    Step enter(Reconciliation r, String why) {
        ModelRolloutSpec spec = r.spec();
        Observation obs = r.observed();
        String moved;
        if (spec.baseline().startsWith("@")) {
            String alias = spec.baseline().substring(1);
            try {
                controlPlane.moveAlias(spec.model(), alias, obs.candidate().version(), obs.baseline().version());
            } catch (ControlPlaneException e) {
                if (!e.retryable()) {
                    return refused(r, e);
                }
                String message = "promoting: moving " + spec.baseline() + " of " + spec.model() + " to version "
                        + obs.candidate().version() + " failed (" + e.getMessage() + "); retrying";
                if (r.status().getPhase() != RolloutPhase.PROMOTING) {
                    recorder.phase(r.rollout(), RolloutPhase.PROMOTING, "Promoting", message);
                } else {
                    recorder.message(r.rollout(), message);
                }
                return r.bothServers(r.strategy().currentTraffic(r.rollout()), ErrorStatusHandler.RETRY_SOON);
            }
            moved = "; " + spec.baseline() + " now points at version " + obs.candidate().version();
        } else {
            moved = "; the baseline was a version number, so no alias moved";
        }
        r.strategy().finished(r.strategyContext());
        String reasonText = why.startsWith("promoting: ") ? "promoted" : why;
        recorder.phase(r.rollout(), RolloutPhase.SUCCEEDED, "Promoted", reasonText + moved + "; version "
                + obs.baseline().version() + " scaled to 0");
        // the baseline keeps its replicas until the route sends everything to the candidate (the apply order)
        return new Step(r.plan(0, obs.candidate().replicas(), TrafficPlan.allCandidate()), null, false);
    }

    /** Someone else moved the alias meanwhile (409), or the model is gone: not ours to overrule. */
    private Step refused(Reconciliation r, ControlPlaneException e) {
        ModelRolloutSpec spec = r.spec();
        Observation obs = r.observed();
        r.strategy().finished(r.strategyContext());
        recorder.condition(r.rollout(), Conditions.PROGRESSING, false, "AliasNotMoved", e.getMessage());
        recorder.phase(r.rollout(), RolloutPhase.FAILED, "AliasNotMoved", "promotion refused: moving " + spec.baseline()
                + " of " + spec.model() + " from version " + obs.baseline().version() + " to "
                + obs.candidate().version() + " failed (" + e.getMessage() + "); all traffic back on version "
                + obs.baseline().version() + ", version " + obs.candidate().version() + " scaled to 0");
        return r.baselineOnly(null);
    }
}
