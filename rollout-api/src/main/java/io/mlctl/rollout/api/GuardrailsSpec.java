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

    /**
     * One guardrail: a preset, a PromQL query or a drift statistic with a lower and/or upper bound, or a realized
     * quality metric with its bound inside {@code quality}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "[has(self.preset), has(self.query), has(self.drift), has(self.quality)].filter(x, x).size() == 1",
            message = "a guardrail has exactly one of preset, query, drift or quality")
    @ValidationRule(value = "has(self.quality) || has(self.min) || has(self.max)", message = "a guardrail needs min, max or both")
    @ValidationRule(value = "!has(self.quality) || !(has(self.min) || has(self.max))",
            message = "a quality guardrail takes its min or max inside quality")
    public record GuardrailMetric(
            @Required @Pattern(Patterns.GUARDRAIL_NAME)
            String name,
            @JsonPropertyDescription(GuardrailPresetNames.DESCRIPTION)
            @Pattern(GuardrailPresetNames.PATTERN)
            String preset,
            @JsonPropertyDescription("PromQL instant query; {{model}}, {{baseline}}, {{candidate}} and {{namespace}} are replaced.")
            String query,
            DriftGuardrail drift,
            QualityGuardrail quality,
            Double min,
            Double max) {

        /** A guardrail without a quality block (presets, queries, drift). */
        public GuardrailMetric(String name, String preset, String query, DriftGuardrail drift, Double min, Double max) {
            this(name, preset, query, drift, null, min, max);
        }

        /** The lower bound, wherever it is given (a quality guardrail's is inside {@code quality}). */
        @JsonIgnore
        public Double effectiveMin() {
            return quality != null ? quality.min() : min;
        }

        /** The upper bound, wherever it is given. */
        @JsonIgnore
        public Double effectiveMax() {
            return quality != null ? quality.max() : max;
        }
    }

    /**
     * The candidate's realized quality read from the control plane (labels joined to its logged predictions,
     * docs/QUALITY.md): the metric of its newest window of prediction time with labels since it got traffic. A window
     * with fewer than {@code minLabels} labelled predictions is Inconclusive, never a pass.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.min) != has(self.max)", message = "a quality guardrail has exactly one of min or max")
    public record QualityGuardrail(
            @Required @Pattern("^(accuracy|precision|recall|f1|roc_auc|pr_auc|log_loss|brier|ece|macro_f1|mae|rmse|mape|r2)$")
            @JsonPropertyDescription("A realized quality metric of the schema's task: accuracy, precision, recall, f1, roc_auc,"
                    + " pr_auc, log_loss, brier, ece (binary); accuracy, macro_f1 (multiclass); mae, rmse, mape, r2 (regression).")
            String metric,
            @JsonPropertyDescription("Fail below this value (e.g. roc_auc).")
            Double min,
            @JsonPropertyDescription("Fail above this value (e.g. log_loss).")
            Double max,
            @Min(1)
            @JsonPropertyDescription("Labelled predictions the window needs before it counts (default 100); fewer is Inconclusive.")
            Integer minLabels) {
        public static final int DEFAULT_MIN_LABELS = 100;

        public int minLabelsOrDefault() {
            return minLabels == null ? DEFAULT_MIN_LABELS : minLabels;
        }
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
