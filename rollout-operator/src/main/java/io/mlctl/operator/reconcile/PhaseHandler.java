package io.mlctl.operator.reconcile;

/** Reconciles a rollout in one phase: decides the next step, changing the status through the recorder. */
interface PhaseHandler {
    Step handle(Reconciliation r);
}
