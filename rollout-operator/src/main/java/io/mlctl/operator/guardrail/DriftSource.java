package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;

/**
 * Reads drift statistics from the control plane: the candidate's latest drift report, or, in a shadow rollout,
 * the comparison of the candidate's predictions with the baseline's.
 */
public interface DriftSource {
    Reading read(DriftGuardrail drift, GuardrailTarget target);
}
