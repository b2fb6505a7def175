package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the operator knows about a rollout's progress. It lives here and nowhere else, so a restarted
 * operator resumes at the same step with the same counters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelRolloutStatus {
    private RolloutPhase phase;
    @JsonPropertyDescription("Index of the current canary step (0-based).")
    private Integer step;
    @JsonPropertyDescription("When the current step (or the shadow / A/B phase) started, RFC 3339.")
    private Instant stepStartedAt;
    @JsonPropertyDescription("When the candidate first got traffic (mirrored or live), RFC 3339.")
    private Instant startedAt;
    private Instant finishedAt;
    @JsonPropertyDescription("The baseline and candidate versions, resolved once when the rollout starts.")
    private Integer baselineVersion;
    private Integer candidateVersion;
    private Weights weights;
    private Integer mirrorPercent;
    private Samples samples;
    private List<GuardrailStatus> guardrails = new ArrayList<>();
    @JsonPropertyDescription("When guardrails were last judged, RFC 3339.")
    private Instant lastEvaluatedAt;
    private String experimentId;
    @JsonPropertyDescription("When the rollout was paused (its timers stop while paused), RFC 3339.")
    private Instant pausedAt;
    @JsonPropertyDescription("The retrain trigger a rollback owes the control plane (retrain.onRollback): pending "
            + "while the control plane cannot be reached, then the trigger's id.")
    private RetrainStatus retrain;
    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;
    @JsonPropertyDescription("Why the rollout is where it is, in words.")
    private String message;

    public RolloutPhase getPhase() {
        return phase;
    }

    public void setPhase(RolloutPhase phase) {
        this.phase = phase;
    }

    public Integer getStep() {
        return step;
    }

    public void setStep(Integer step) {
        this.step = step;
    }

    public Instant getStepStartedAt() {
        return stepStartedAt;
    }

    public void setStepStartedAt(Instant stepStartedAt) {
        this.stepStartedAt = stepStartedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(Instant startedAt) {
        this.startedAt = startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(Instant finishedAt) {
        this.finishedAt = finishedAt;
    }

    public Integer getBaselineVersion() {
        return baselineVersion;
    }

    public void setBaselineVersion(Integer baselineVersion) {
        this.baselineVersion = baselineVersion;
    }

    public Integer getCandidateVersion() {
        return candidateVersion;
    }

    public void setCandidateVersion(Integer candidateVersion) {
        this.candidateVersion = candidateVersion;
    }

    public Weights getWeights() {
        return weights;
    }

    public void setWeights(Weights weights) {
        this.weights = weights;
    }

    public Integer getMirrorPercent() {
        return mirrorPercent;
    }

    public void setMirrorPercent(Integer mirrorPercent) {
        this.mirrorPercent = mirrorPercent;
    }

    public Samples getSamples() {
        return samples;
    }

    public void setSamples(Samples samples) {
        this.samples = samples;
    }

    public List<GuardrailStatus> getGuardrails() {
        return guardrails;
    }

    public void setGuardrails(List<GuardrailStatus> guardrails) {
        this.guardrails = guardrails == null ? new ArrayList<>() : guardrails;
    }

    public Instant getLastEvaluatedAt() {
        return lastEvaluatedAt;
    }

    public void setLastEvaluatedAt(Instant lastEvaluatedAt) {
        this.lastEvaluatedAt = lastEvaluatedAt;
    }

    public String getExperimentId() {
        return experimentId;
    }

    public void setExperimentId(String experimentId) {
        this.experimentId = experimentId;
    }

    public Instant getPausedAt() {
        return pausedAt;
    }

    public void setPausedAt(Instant pausedAt) {
        this.pausedAt = pausedAt;
    }

    public RetrainStatus getRetrain() {
        return retrain;
    }

    public void setRetrain(RetrainStatus retrain) {
        this.retrain = retrain;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /** Percent of requests each version receives. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Weights(Integer baseline, Integer candidate) {
        public static Weights candidate(int candidatePercent) {
            return new Weights(100 - candidatePercent, candidatePercent);
        }
    }

    /**
     * Sample counts per arm ({@code control}/{@code treatment} for A/B, {@code baseline}/{@code candidate} for
     * shadow): what the test needs and what it has.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Samples(Map<String, Long> required, Map<String, Long> observed) {
        public Samples {
            required = required == null ? null : new LinkedHashMap<>(required);
            observed = observed == null ? null : new LinkedHashMap<>(observed);
        }
    }

    /** The latest judgement of one guardrail and its running counters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuardrailStatus(
            String name,
            Double value,
            GuardrailResult result,
            Integer failures,
            Integer inconclusive,
            @JsonPropertyDescription("Why the last result was Failed or Inconclusive.")
            String message,
            Instant evaluatedAt,
            @JsonPropertyDescription("The fixed piece of evidence the value was read from, when it is one (a drift "
                    + "report): judging the same evidence again does not count another failure.")
            String evidence) {

        public int failuresOrZero() {
            return failures == null ? 0 : failures;
        }

        public int inconclusiveOrZero() {
            return inconclusive == null ? 0 : inconclusive;
        }
    }

    /**
     * The retrain trigger asked for after a rollback. Kept until the control plane accepted it, so an outage at
     * rollback time delays the trigger instead of losing it, and a restarted operator keeps asking.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetrainStatus(
            RetrainState state,
            @JsonPropertyDescription("Why the rollout rolled back (the evidence sent with the trigger).")
            String reason,
            @JsonPropertyDescription("The control plane's retrain trigger id, once it accepted the trigger.")
            Long triggerId,
            Integer attempts,
            Instant lastAttemptAt,
            @JsonPropertyDescription("When the operator asks again, while Pending, RFC 3339.")
            Instant nextAttemptAt,
            @JsonPropertyDescription("Why the last attempt failed.")
            String lastError) {

        public int attemptsOrZero() {
            return attempts == null ? 0 : attempts;
        }
    }

    /** Pending: owed, retried with backoff; Requested: the control plane has it; Refused: it said no (4xx), not retried. */
    public enum RetrainState {
        @JsonProperty("Pending") PENDING,
        @JsonProperty("Requested") REQUESTED,
        @JsonProperty("Refused") REFUSED
    }
}
