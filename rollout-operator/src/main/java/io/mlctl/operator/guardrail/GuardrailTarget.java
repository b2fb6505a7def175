package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.Runtime;

import java.time.Duration;

/**
 * What a guardrail measures: the candidate of one rollout, beside its baseline.
 *
 * @param shadowPeriod in a shadow rollout, how long it has mirrored (drift then compares the two versions'
 *                     predictions over that period); null otherwise
 */
public record GuardrailTarget(
        String model,
        String namespace,
        int baselineVersion,
        int candidateVersion,
        String baselineServer,
        String candidateServer,
        Runtime runtime,
        Duration shadowPeriod) {
}
