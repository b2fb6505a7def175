package io.mlctl.operator.strategy;

import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.api.common.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a strategy sees: the rollout, its status (to update) and the time. */
public record StrategyContext(ModelRollout rollout, ModelRolloutStatus status, Instant now) {

    public GuardrailsSpec guardrails() {
        return rollout.getSpec().guardrailsOrDefault();
    }

    public Duration guardrailInterval() {
        return Durations.parse(guardrails().intervalOrDefault());
    }

    public Instant stepStartedAt() {
        return status.getStepStartedAt() == null ? now : status.getStepStartedAt();
    }

    public Duration elapsedInStep() {
        Duration d = Duration.between(stepStartedAt(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The guardrails' record as a strategy judges it: a configured guardrail that was not judged yet (the first
     * judgement comes one interval after traffic started) is there as "not judged yet", so it has not passed.
     */
    public List<GuardrailStatus> guardrailRecord() {
        return GuardrailLedger.record(guardrails().metricsOrEmpty(), status.getGuardrails(), List.of(), now);
    }

    /** When to look again: at {@code due}, but no later than the next guardrail judgement. */
    public Duration wakeUpIn(Duration due) {
        Duration interval = guardrailInterval();
        return due == null || due.compareTo(interval) > 0 ? interval : due;
    }
}
