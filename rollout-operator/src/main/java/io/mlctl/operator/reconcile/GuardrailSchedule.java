package io.mlctl.operator.reconcile;

import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.guardrail.GuardrailEvaluator;
import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.guardrail.GuardrailTarget;
import io.mlctl.operator.guardrail.Measurement;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.StrategySpec.StrategyKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When guardrails are judged: every interval, the first time one interval after the candidate got traffic (before
 * that there is nothing to measure, and an early "no data" would count against it). Each judgement is folded into
 * the status's ledger.
 */
final class GuardrailSchedule {
    private final GuardrailEvaluator evaluator;

    GuardrailSchedule(GuardrailEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    void judgeIfDue(Reconciliation r) {
        GuardrailsSpec g = r.spec().guardrailsOrDefault();
        ModelRolloutStatus status = r.status();
        if (g.metricsOrEmpty().isEmpty()) {
            status.setGuardrails(List.of());
            return;
        }
        Duration interval = Durations.parse(g.intervalOrDefault());
        Instant last = status.getLastEvaluatedAt() != null ? status.getLastEvaluatedAt()
                : status.getStartedAt() != null ? status.getStartedAt() : r.now().minus(interval);
        if (r.now().isBefore(last.plus(interval))) {
            return;
        }
        Observation obs = r.observed();
        GuardrailTarget target = new GuardrailTarget(r.spec().model(), r.rollout().getMetadata().getNamespace(),
                obs.baseline().version(), obs.candidate().version(), obs.baseline().name(), obs.candidate().name(),
                obs.candidate().runtime(), r.spec().strategy().kind() == StrategyKind.SHADOW
                ? ControlPlaneDrift.period(r.strategyContext().elapsedInStep()) : null, status.getStartedAt());
        List<Measurement> measured = evaluator.evaluate(g.metricsOrEmpty(), target, r.now());
        status.setGuardrails(GuardrailLedger.record(g.metricsOrEmpty(), status.getGuardrails(), measured, r.now()));
        status.setLastEvaluatedAt(r.now());
    }
}
