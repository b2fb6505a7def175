package io.mlctl.rollout.api;

/** Condition types on a ModelRollout's status (docs/DESIGN.md "ModelRollout" lists them). */
public final class Conditions {
    /** The candidate's server has all its replicas ready. */
    public static final String AVAILABLE = "Available";
    /** The rollout is moving (False once it finished, with the outcome as reason). */
    public static final String PROGRESSING = "Progressing";
    /** Every guardrail passed at its last judgement. */
    public static final String GUARDRAILS_PASSING = "GuardrailsPassing";
    /** A/B and shadow: the required samples were observed. */
    public static final String SAMPLE_SIZE_REACHED = "SampleSizeReached";
    /** True with a message when the spec cannot be run as written. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** After a rollback with retrain.onRollback: True once the control plane accepted the retrain trigger. */
    public static final String RETRAIN_REQUESTED = "RetrainRequested";

    private Conditions() {
    }
}
