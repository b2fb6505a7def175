package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** docs/DESIGN.md "ModelRollout": Pending Progressing Paused Promoting Succeeded RolledBack Failed. */
public enum RolloutPhase {
    @JsonProperty("Pending") PENDING("Pending"),
    @JsonProperty("Progressing") PROGRESSING("Progressing"),
    @JsonProperty("Paused") PAUSED("Paused"),
    @JsonProperty("Promoting") PROMOTING("Promoting"),
    @JsonProperty("Succeeded") SUCCEEDED("Succeeded"),
    @JsonProperty("RolledBack") ROLLED_BACK("RolledBack"),
    @JsonProperty("Failed") FAILED("Failed");

    private final String wire;

    RolloutPhase(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A finished rollout no longer touches servers or the route. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == FAILED;
    }
}
