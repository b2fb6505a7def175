package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;
import io.mlctl.rollout.api.GuardrailsSpec.QualityGuardrail;

/**
 * Reads drift statistics from the control plane: the candidate's latest drift report, or, in a shadow rollout,
 * the comparison of the candidate's predictions with the baseline's; and the candidate's realized quality.
 */
public interface DriftSource {
    Reading read(DriftGuardrail drift, GuardrailTarget target);

    /**
     * The candidate's realized quality metric (quality guardrails); too few labels is a {@link Reading.Missing}. A
     * source that only knows drift (a lambda) answers no data, which judges Inconclusive, never Passed.
     */
    default Reading readQuality(QualityGuardrail quality, GuardrailTarget target) {
        return new Reading.Missing("no data: this drift source does not read quality");
    }
}
