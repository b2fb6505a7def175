package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.Runtime;

/** What a guardrail measures: the candidate of one rollout, beside its baseline. */
public record GuardrailTarget(
        String model,
        String namespace,
        int baselineVersion,
        int candidateVersion,
        String baselineServer,
        String candidateServer,
        Runtime runtime,
        boolean shadow) {
}
