package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of one guardrail measurement. Inconclusive covers no data, NaN and an unreachable source. */
public enum GuardrailResult {
    @JsonProperty("Passed") PASSED("Passed"),
    @JsonProperty("Failed") FAILED("Failed"),
    @JsonProperty("Inconclusive") INCONCLUSIVE("Inconclusive");

    private final String wire;

    GuardrailResult(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
