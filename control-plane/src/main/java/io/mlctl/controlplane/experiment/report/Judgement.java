package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.MetricRole;
import io.mlctl.experiment.Interval;

/**
 * A comparison with its verdict-relevant facts: the outcome, the corrected p-value (primary metrics) and whether both
 * arms have their planned units. {@code guardrailInterval} is the interval the non-inferiority check used.
 */
public record Judgement(ArmComparison comparison, Outcome outcome, Double adjustedPValue, boolean complete,
                 Interval guardrailInterval, double allowedDegradation) {

    public boolean primary() {
        return comparison.metric().role() != MetricRole.guardrail;
    }

    public String metric() {
        return comparison.metric().name();
    }

    public String arm() {
        return comparison.arm();
    }
}
