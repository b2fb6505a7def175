package io.mlctl.controlplane.experiment;

import io.mlctl.api.experiment.MetricRole;
import io.mlctl.experiment.Interval;

/**
 * A comparison with its verdict-relevant facts: the outcome, the corrected p-value (primary metrics) and whether both
 * arms have their planned units. {@code guardrailInterval} is the interval the non-inferiority check used.
 */
record Judgement(ArmComparison comparison, Outcome outcome, Double adjustedPValue, boolean complete,
                 Interval guardrailInterval, double allowedDegradation) {

    boolean primary() {
        return comparison.metric().role() != MetricRole.guardrail;
    }

    String metric() {
        return comparison.metric().name();
    }

    String arm() {
        return comparison.arm();
    }
}
