package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainSpec(
        @JsonPropertyDescription("Fire a retrain trigger in the control plane when the rollout rolls back.")
        Boolean onRollback) {
}
