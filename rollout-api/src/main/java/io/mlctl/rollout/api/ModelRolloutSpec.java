package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * What to roll out and how. Field names follow docs/DESIGN.md "ModelRollout"; {@code paused}, {@code promote} and
 * {@code abort} are the user's commands ({@code mlctl rollout pause|resume|promote|abort} set them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRolloutSpec(
        @Required @Pattern(Patterns.MODEL_NAME)
        @JsonPropertyDescription("Registered model name (DNS-1123 label).")
        String model,
        @Required @Pattern(Patterns.VERSION_REF)
        @JsonPropertyDescription("The version serving now: an alias ('@production') or a version number. Promotion moves this alias.")
        String baseline,
        @Required @Pattern(Patterns.VERSION_REF)
        @JsonPropertyDescription("The version to roll out: a version number or an alias.")
        String candidate,
        @JsonPropertyDescription("Model server settings; unset fields come from the version's serving defaults in the registry.")
        ServerSpec server,
        @Required
        @JsonPropertyDescription("The Gateway API HTTPRoute whose rules the operator manages.")
        TrafficSpec traffic,
        @Required
        @JsonPropertyDescription("Exactly one of canary, shadow or abTest.")
        StrategySpec strategy,
        GuardrailsSpec guardrails,
        RetrainSpec retrain,
        @JsonPropertyDescription("Hold traffic where it is (mlctl rollout pause); false resumes. The operator sets it when guardrails stay inconclusive and onInconclusive is pause.")
        Boolean paused,
        @JsonPropertyDescription("Promote now, skipping the remaining steps (mlctl rollout promote).")
        Boolean promote,
        @JsonPropertyDescription("Roll back now (mlctl rollout abort).")
        Boolean abort) {

    /** The baseline when none is given: the alias a promotion moves. */
    public static final String DEFAULT_BASELINE = "@production";

    public ModelRolloutSpec withPaused(Boolean value) {
        return new ModelRolloutSpec(model, baseline, candidate, server, traffic, strategy, guardrails, retrain, value, promote, abort);
    }

    public ModelRolloutSpec withPromote(Boolean value) {
        return new ModelRolloutSpec(model, baseline, candidate, server, traffic, strategy, guardrails, retrain, paused, value, abort);
    }

    public ModelRolloutSpec withAbort(Boolean value) {
        return new ModelRolloutSpec(model, baseline, candidate, server, traffic, strategy, guardrails, retrain, paused, promote, value);
    }

    public boolean pauseRequested() {
        return Boolean.TRUE.equals(paused);
    }

    public boolean promoteRequested() {
        return Boolean.TRUE.equals(promote);
    }

    public boolean abortRequested() {
        return Boolean.TRUE.equals(abort);
    }

    /** The guardrails, or an empty set with the defaults when none are given. */
    public GuardrailsSpec guardrailsOrDefault() {
        return guardrails == null ? GuardrailsSpec.NONE : guardrails;
    }

    public boolean retrainOnRollback() {
        return retrain != null && Boolean.TRUE.equals(retrain.onRollback());
    }
}
