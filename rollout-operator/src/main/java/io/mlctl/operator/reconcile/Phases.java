package io.mlctl.operator.reconcile;

import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.guardrail.GuardrailEvaluator;
import io.mlctl.operator.strategy.Decision;
import io.mlctl.rollout.api.RolloutPhase;

/**
 * The phase machine: which handler reconciles each unfinished phase, and where a strategy's decision leads.
 * <pre>
 *   Pending --servers ready--> Progressing <--resume / pause--> Paused
 *   Progressing | Paused --promote--> Promoting --alias moved--> Succeeded
 *   Progressing | Paused --guardrail failed, lost, abort--> RolledBack
 *   Promoting --alias moved by someone else--> Failed;  any phase --invalid spec--> Failed
 * </pre>
 * Each handler owns the transitions into its phase ({@code enter}, {@code hold}...); Succeeded, RolledBack and Failed
 * are final.
 */
final class Phases {
    private final PendingPhase pending;
    private final ProgressingPhase progressing;
    private final PausedPhase paused;
    private final PromotingPhase promoting;
    private final RollingBackPhase rollingBack;

    Phases(ControlPlane controlPlane, GuardrailEvaluator guardrails, StatusRecorder recorder, RetrainRequests retrains) {
        this.pending = new PendingPhase(this, recorder);
        this.progressing = new ProgressingPhase(this, new GuardrailSchedule(guardrails), recorder);
        this.paused = new PausedPhase(this, recorder);
        this.promoting = new PromotingPhase(controlPlane, recorder);
        this.rollingBack = new RollingBackPhase(recorder, retrains);
    }

    Step handle(Reconciliation r) {
        RolloutPhase phase = r.status().getPhase();
        PhaseHandler handler = switch (phase) {
            case PENDING -> pending;
            case PROGRESSING -> progressing;
            case PAUSED -> paused;
            case PROMOTING -> promoting;
            case SUCCEEDED, ROLLED_BACK, FAILED -> throw new IllegalStateException("a finished rollout has no handler: " + phase);
        };
        return handler.handle(r);
    }

    /** Where a strategy's decision leads. */
    Step follow(Reconciliation r, Decision d) {
        if (d instanceof Decision.Continue c) {
            return progressing.enter(r, c);
        }
        if (d instanceof Decision.Promote p) {
            return promoting.enter(r, p.message());
        }
        if (d instanceof Decision.Rollback rb) {
            return rollingBack.enter(r, rb.message(), rb.reason());
        }
        return paused.inconclusive(r, ((Decision.Inconclusive) d).message(), "inconclusive");
    }

    ProgressingPhase progressing() {
        return progressing;
    }

    PausedPhase paused() {
        return paused;
    }

    PromotingPhase promoting() {
        return promoting;
    }

    RollingBackPhase rollingBack() {
        return rollingBack;
    }
}
