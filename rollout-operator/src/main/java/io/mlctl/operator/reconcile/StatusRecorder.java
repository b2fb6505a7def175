package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.mlctl.operator.events.EventRecorder;
import io.mlctl.operator.metrics.RolloutMetrics;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.RolloutPhase;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The one place that writes a rollout's phase, message, conditions and observedGeneration (as in the Flink
 * Kubernetes operator), so every phase change also becomes a Kubernetes Event and a metric.
 */
public final class StatusRecorder {
    private final EventRecorder events;
    private final RolloutMetrics metrics;
    private final Clock clock;

    public StatusRecorder(EventRecorder events, RolloutMetrics metrics, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Sets phase and message; a phase change is announced as an Event (a Warning for RolledBack and Failed). */
    public void phase(ModelRollout rollout, RolloutPhase phase, String reason, String message) {
        ModelRolloutStatus s = rollout.getStatus();
        RolloutPhase before = s.getPhase();
        s.setPhase(phase);
        s.setMessage(message);
        if (phase.isTerminal() && s.getFinishedAt() == null) {
            s.setFinishedAt(clock.instant().toString());
        }
        if (before != phase) {
            if (phase == RolloutPhase.ROLLED_BACK || phase == RolloutPhase.FAILED) {
                events.warning(rollout, reason, message);
            } else {
                events.normal(rollout, reason, message);
            }
        }
    }

    /** Only the message changes (the phase stays). */
    public void message(ModelRollout rollout, String message) {
        rollout.getStatus().setMessage(message);
    }

    /** Upserts a condition; lastTransitionTime moves only when its status flips. */
    public void condition(ModelRollout rollout, String type, boolean status, String reason, String message) {
        List<Condition> conditions = rollout.getStatus().getConditions();
        String value = status ? "True" : "False";
        Condition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String since = existing != null && value.equals(existing.getStatus()) ? existing.getLastTransitionTime()
                : clock.instant().toString();
        Condition c = new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withObservedGeneration(rollout.getMetadata().getGeneration()).build();
        if (existing == null) {
            conditions.add(c);
        } else if (!Objects.equals(existing, c)) {
            conditions.set(conditions.indexOf(existing), c);
        }
    }

    public void removeCondition(ModelRollout rollout, String type) {
        rollout.getStatus().getConditions().removeIf(c -> type.equals(c.getType()));
    }

    /** Marks the status as describing the current spec and publishes it to the metrics. */
    public void observed(ModelRollout rollout) {
        rollout.getStatus().setObservedGeneration(rollout.getMetadata().getGeneration());
        metrics.record(rollout);
    }

    public EventRecorder events() {
        return events;
    }

    public RolloutMetrics metrics() {
        return metrics;
    }
}
