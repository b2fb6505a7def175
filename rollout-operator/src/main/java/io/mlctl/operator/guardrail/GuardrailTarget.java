package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.Runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * What a guardrail measures: the candidate of one rollout, beside its baseline.
 *
 * @param shadowPeriod in a shadow rollout, how long it has mirrored (drift then compares the two versions'
 *                     predictions over that period); null otherwise
 * @param trafficSince when the candidate got traffic in this rollout: a drift report whose window ended before
 *                     says nothing about it (null: any report)
 */
public record GuardrailTarget(
        String model,
        String namespace,
        int baselineVersion,
        int candidateVersion,
        String baselineServer,
        String candidateServer,
        Runtime runtime,
        Duration shadowPeriod,
        Instant trafficSince) {
}
