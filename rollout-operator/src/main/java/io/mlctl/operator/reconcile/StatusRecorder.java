package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mlctl.operator.events.EventRecorder;
import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.metrics.RolloutMetrics;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.operator.server.ServerReadiness;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.Weights;
import io.mlctl.rollout.api.RolloutPhase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The one place that writes a rollout's phase, message, conditions and observedGeneration, and the status itself
 * (as in the Flink Kubernetes operator): every phase change also becomes a Kubernetes Event and a metric.
 */
public final class StatusRecorder {
    private static final Object STATUS_BEFORE = new Object();
    private static final Duration MIN_WAKE_UP = Duration.ofSeconds(1);

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
            s.setFinishedAt(clock.instant());
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

    /** Remembers the status as this reconciliation found it: a status that did not change is not written again. */
    void begin(ModelRollout rollout, Context<ModelRollout> context) {
        if (rollout.getStatus() == null) {
            rollout.setStatus(new ModelRolloutStatus());
        }
        context.managedWorkflowAndDependentResourceContext().put(STATUS_BEFORE,
                context.getClient().getKubernetesSerialization().asJson(rollout.getStatus()));
    }

    /**
     * The end of a reconciliation that applied its step: the traffic it set, the conditions it leads to, then the
     * write. {@code candidateServer} is the candidate's Deployment as last seen (its readiness is Available).
     */
    UpdateControl<ModelRollout> record(ModelRollout rollout, Context<ModelRollout> context, Step step, Deployment candidateServer) {
        TrafficPlan traffic = step.plan().traffic();
        ModelRolloutStatus s = rollout.getStatus();
        s.setWeights(new Weights(traffic.baselineWeight(), traffic.candidateWeight()));
        s.setMirrorPercent(traffic.mirrorPercent() > 0 ? traffic.mirrorPercent() : null);
        conditions(rollout, step.plan(), candidateServer);
        return write(rollout, context, step.wakeUpIn(), step.specChanged());
    }

    private void conditions(ModelRollout rollout, RolloutPlan plan, Deployment candidateServer) {
        ModelRolloutStatus s = rollout.getStatus();
        ServerConfig candidate = plan.candidate().config();
        if (plan.candidate().replicas() == 0) {
            condition(rollout, Conditions.AVAILABLE, false, "ScaledDown", candidate.name() + " is scaled to 0");
        } else {
            boolean ready = ServerReadiness.ready(candidateServer, plan.candidate().replicas());
            condition(rollout, Conditions.AVAILABLE, ready, ready ? "Ready" : "NotReady",
                    candidate.name() + ": " + ServerReadiness.describe(candidateServer, plan.candidate().replicas()));
        }
        RolloutPhase phase = s.getPhase();
        boolean moving = phase == RolloutPhase.PENDING || phase == RolloutPhase.PROGRESSING || phase == RolloutPhase.PROMOTING;
        condition(rollout, Conditions.PROGRESSING, moving, switch (phase) {
            case SUCCEEDED -> "Promoted";
            case ROLLED_BACK -> "RolledBack";
            case PAUSED -> "Paused";
            case FAILED -> "Failed";
            default -> phase.wire();
        }, s.getMessage());
        List<ModelRolloutStatus.GuardrailStatus> g = s.getGuardrails();
        if (g.isEmpty()) {
            condition(rollout, Conditions.GUARDRAILS_PASSING, true, "NoGuardrails", "no guardrails are configured");
        } else {
            boolean passing = GuardrailLedger.allPassedSince(g, Instant.EPOCH);
            condition(rollout, Conditions.GUARDRAILS_PASSING, passing, passing ? "Passed" : "NotPassing",
                    passing ? "every guardrail passed at its last judgement" : GuardrailLedger.notPassing(g, Instant.EPOCH));
        }
        if (s.getSamples() != null && s.getSamples().required() != null && s.getSamples().observed() != null) {
            boolean reached = s.getSamples().required().entrySet().stream().allMatch(e ->
                    s.getSamples().observed().getOrDefault(e.getKey(), 0L) >= e.getValue());
            condition(rollout, Conditions.SAMPLE_SIZE_REACHED, reached, reached ? "Reached" : "Collecting",
                    "observed " + s.getSamples().observed() + " of required " + s.getSamples().required());
        }
    }

    /**
     * Writes the status (and the spec, when the operator paused the rollout) with optimistic locking, retrying
     * conflicts, and puts the result in JOSDK's cache: the next reconciliation, whatever event triggers it, sees
     * what this one did and never repeats a promotion or a rollback. The status is marked as describing the current
     * spec and published to the metrics first.
     */
    UpdateControl<ModelRollout> write(ModelRollout rollout, Context<ModelRollout> context, Duration wakeUpIn, boolean specChanged) {
        rollout.getStatus().setObservedGeneration(rollout.getMetadata().getGeneration());
        metrics.record(rollout);
        ModelRolloutStatus status = rollout.getStatus();
        String before = context.managedWorkflowAndDependentResourceContext().get(STATUS_BEFORE, String.class).orElse(null);
        UpdateControl<ModelRollout> control = UpdateControl.noUpdate();
        if (wakeUpIn != null) {
            control.rescheduleAfter(wakeUpIn.compareTo(MIN_WAKE_UP) < 0 ? MIN_WAKE_UP : wakeUpIn);
        }
        if (!specChanged && context.getClient().getKubernetesSerialization().asJson(status).equals(before)) {
            // nothing new to say: no write, no watch event for every other informer
            return control;
        }
        ModelRollout current = rollout;
        if (specChanged) {
            ModelRolloutSpec spec = rollout.getSpec();
            current = PrimaryUpdateAndCacheUtils.updateAndCacheResource(rollout, context, r -> {
                r.setSpec(r.getSpec().withPaused(spec.paused()));
                return r;
            }, r -> context.getClient().resource(r).update());
        }
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(current, context, r -> {
            r.setStatus(status);
            return r;
        });
        return control;
    }

    public EventRecorder events() {
        return events;
    }

    public RolloutMetrics metrics() {
        return metrics;
    }
}
