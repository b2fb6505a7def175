package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * Guardrails judged every {@code interval}: each gives Passed, Failed or Inconclusive (no data, NaN, Prometheus
 * unreachable). More than {@code failureLimit} failures of one guardrail roll back; more than
 * {@code inconclusiveLimit} inconclusive results apply {@code onInconclusive}. A rollout never promotes on no data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailsSpec(
        @Pattern(Patterns.DURATION)
        @JsonPropertyDescription("How often guardrails are judged (default 1m).")
        String interval,
        @Min(0)
        Integer failureLimit,
        @Min(0)
        Integer inconclusiveLimit,
        @JsonPropertyDescription("rollback or pause (default pause) when a guardrail stays inconclusive.")
        OnInconclusive onInconclusive,
        List<GuardrailMetric> metrics) {

    public static final GuardrailsSpec NONE = new GuardrailsSpec(null, null, null, null, List.of());
    public static final String DEFAULT_INTERVAL = "1m";

    public String intervalOrDefault() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final OnInconclusive DEFAULT_ON_INCONCLUSIVE = OnInconclusive.PAUSE;

    public int failureLimitOrDefault() {
        return failureLimit == null ? DEFAULT_FAILURE_LIMIT : failureLimit;
    }

    public int inconclusiveLimitOrDefault() {
        return inconclusiveLimit == null ? DEFAULT_INCONCLUSIVE_LIMIT : inconclusiveLimit;
    }

    public OnInconclusive onInconclusiveOrDefault() {
        return onInconclusive == null ? DEFAULT_ON_INCONCLUSIVE : onInconclusive;
    }

    @JsonIgnore
    public List<GuardrailMetric> metricsOrEmpty() {
        return metrics == null ? List.of() : metrics;
    }

    public enum OnInconclusive {
        @JsonProperty("rollback") ROLLBACK,
        @JsonProperty("pause") PAUSE
    }

    /** One guardrail: a preset, a PromQL query or a drift statistic, with a lower and/or upper bound. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "[has(self.preset), has(self.query), has(self.drift)].filter(x, x).size() == 1",
            message = "a guardrail has exactly one of preset, query or drift")
    @ValidationRule(value = "has(self.min) || has(self.max)", message = "a guardrail needs min, max or both")
    public record GuardrailMetric(
            @Required @Pattern(Patterns.GUARDRAIL_NAME)
            String name,
            @JsonPropertyDescription(GuardrailPresetNames.DESCRIPTION)
            @Pattern(GuardrailPresetNames.PATTERN)
            String preset,
            @JsonPropertyDescription("PromQL instant query; {{model}}, {{baseline}}, {{candidate}} and {{namespace}} are replaced.")
            String query,
            DriftGuardrail drift,
            Double min,
            Double max) {
    }

    /**
     * A drift statistic read from the control plane: the candidate's latest drift report (canary, A/B), or the
     * candidate-versus-baseline comparison of predictions (shadow). {@code __prediction__} is the prediction.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DriftGuardrail(
            @Required
            String feature,
            @Required @Pattern("^(psi|kl|js_distance|ks_statistic|null_rate_current|agreement)$")
            @JsonPropertyDescription("psi, kl, js_distance, ks_statistic or null_rate_current from a drift report; in a shadow"
                    + " rollout psi, kl, ks_statistic or agreement of the two versions' predictions")
            String statistic) {
    }
}
