package io.mlctl.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.guardrail.GuardrailEvaluator;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.operator.strategy.StrategyContext;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.RolloutPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles a ModelRollout in five stages, as the Flink Kubernetes operator's controller does: observe (resolve
 * the versions, look up how each is served) -> validate (an invalid spec fails the rollout with a message) -> decide
 * (the handler of the rollout's phase, see {@link Phases}) -> apply (the servers and the route, in a safe order) ->
 * record (conditions and the status write, {@link StatusRecorder}). All progress is kept in the status, so a
 * restarted operator resumes at the same step.
 */
@ControllerConfiguration(name = ModelRolloutReconciler.NAME)
public class ModelRolloutReconciler implements Reconciler<ModelRollout>, Cleaner<ModelRollout> {
    public static final String NAME = "modelrollout";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRolloutReconciler.class);

    private final Observer observer;
    private final Strategies strategies;
    private final StatusRecorder recorder;
    private final ErrorStatusHandler errors;
    private final Phases phases;
    private final RolloutResources resources;
    private final Clock clock;
    private final SimpleInboundEventSource<ModelRollout> wakeUps = new SimpleInboundEventSource<>("wake-ups");

    public ModelRolloutReconciler(ControlPlane controlPlane, GuardrailEvaluator guardrails, Strategies strategies,
                                  StatusRecorder recorder, Clock clock, LoggerSidecar.Settings logger) {
        this.resources = new RolloutResources(logger);
        this.observer = new Observer(controlPlane);
        this.strategies = strategies;
        this.recorder = recorder;
        this.errors = new ErrorStatusHandler(recorder);
        this.phases = new Phases(controlPlane, guardrails, recorder, new RetrainRequests(controlPlane, recorder));
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, ModelRollout>> prepareEventSources(EventSourceContext<ModelRollout> context) {
        List<EventSource<?, ModelRollout>> sources = new ArrayList<>(resources.eventSources(context));
        sources.add(wakeUps);
        return sources;
    }

    /** Reconciles every rollout now (the test clock calls it after moving time; production relies on reschedules). */
    public void wakeUp(ResourceID id) {
        wakeUps.propagateEvent(id);
    }

    /**
     * Deleting an unfinished rollout takes its candidate's server away (owner references): traffic goes back to the
     * baseline first, and the experiment stops. A finished rollout has nothing to undo.
     */
    @Override
    public DeleteControl cleanup(ModelRollout rollout, Context<ModelRollout> context) {
        if (RouteOwnership.holdsTraffic(rollout)) {
            ModelRolloutStatus s = rollout.getStatus();
            RouteOwnership.handBack(rollout, context);
            if (rollout.getSpec().strategy() != null && rollout.getSpec().strategy().kind() != null) {
                strategies.of(rollout.getSpec().strategy().kind()).finished(new StrategyContext(rollout, s, clock.instant()));
            }
            LOG.info("{}/{} deleted while {}: traffic back on version {}", rollout.getMetadata().getNamespace(),
                    rollout.getMetadata().getName(), s.getPhase().wire(), s.getBaselineVersion());
        }
        return DeleteControl.defaultDelete();
    }

    @Override
    public UpdateControl<ModelRollout> reconcile(ModelRollout rollout, Context<ModelRollout> context) {
        Instant now = clock.instant();
        recorder.begin(rollout, context);
        ModelRolloutStatus before = rollout.getStatus();
        if (LOG.isDebugEnabled()) {
            LOG.debug("reconciling {}/{} rv={} gen={} at {}: phase={} step={} pausedAt={} lastEvaluatedAt={}",
                    rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), rollout.getMetadata().getResourceVersion(),
                    rollout.getMetadata().getGeneration(), now, before.getPhase(), before.getStep(), before.getPausedAt(),
                    before.getLastEvaluatedAt());
        }
        if (before.getPhase() != null && before.getPhase().isTerminal()) {
            if (!ErrorStatusHandler.fixedAfterInvalidSpec(rollout)) {
                return phases.rollingBack().finished(rollout, context, now);
            }
            rollout.setStatus(new ModelRolloutStatus());
        }
        if (rollout.getStatus().getPhase() == null) {
            recorder.phase(rollout, RolloutPhase.PENDING, "Created", "resolving the baseline and candidate versions");
        }
        Timings timings = new Timings(LOG.isDebugEnabled());

        // validate what the spec says by itself
        List<String> problems = SpecChecks.beforeObservation(rollout.getSpec());
        if (!problems.isEmpty()) {
            return errors.invalid(rollout, context, "InvalidSpec", String.join("; ", problems));
        }
        // observe
        Observation observed;
        long t = timings.start();
        try {
            observed = observer.observe(rollout);
        } catch (ObservationException e) {
            return e.invalid() ? errors.invalid(rollout, context, e.reason(), e.getMessage())
                    : errors.controlPlaneUnavailable(rollout, context, e.getMessage());
        }
        timings.done("observe", t);
        // validate against what was observed
        problems = SpecChecks.forRuntime(rollout.getSpec(), observed.candidate().runtime());
        if (!problems.isEmpty()) {
            return errors.invalid(rollout, context, "InvalidSpec", String.join("; ", problems));
        }
        recorder.condition(rollout, Conditions.INVALID_SPEC, false, "Valid", "the spec is valid");
        if (rollout.getStatus().getPhase() == RolloutPhase.PENDING) {
            Optional<ModelRollout> other = RouteOwnership.movedByAnother(rollout, context);
            if (other.isPresent()) {
                recorder.message(rollout, RouteOwnership.waitingMessage(rollout, other.get()));
                return recorder.write(rollout, context, ErrorStatusHandler.RETRY_SOON, false);
            }
        }

        // decide
        Reconciliation r = new Reconciliation(rollout, observed, now, strategies.of(rollout.getSpec().strategy().kind()),
                resources, timings);
        Step step = phases.handle(r);
        // apply
        t = timings.start();
        resources.apply(rollout, step.plan(), context);
        timings.done("apply", t);
        // record
        t = timings.start();
        UpdateControl<ModelRollout> control = recorder.record(rollout, context, step, r.server(step.plan().candidate().config()));
        timings.done("status", t);
        LOG.debug("reconciled {}/{} in{}", rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), timings);
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<ModelRollout> updateErrorStatus(ModelRollout rollout, Context<ModelRollout> context, Exception e) {
        return errors.unexpected(rollout, e);
    }
}
