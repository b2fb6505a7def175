package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.operator.guardrail.GuardrailEvaluator;
import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.guardrail.GuardrailTarget;
import io.mlctl.operator.guardrail.Measurement;
import io.mlctl.operator.reconcile.RolloutPlan.ServerPlan;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.server.LoggerTokenSecret;
import io.mlctl.operator.server.Role;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.operator.server.ServerDeployment;
import io.mlctl.operator.server.ServerNames;
import io.mlctl.operator.server.ServerReadiness;
import io.mlctl.operator.server.ServerService;
import io.mlctl.operator.strategy.Decision;
import io.mlctl.operator.strategy.RolloutStrategy;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.operator.strategy.StrategyContext;
import io.mlctl.operator.traffic.ModelRoute;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.Durations;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.Weights;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.rollout.api.StrategySpec.StrategyKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a ModelRollout: observe (resolve versions, look up their serving defaults, read the servers) ->
 * validate (InvalidSpec with a message) -> reconcile (judge guardrails, let the strategy decide, promote or roll
 * back, apply the servers and the route through dependent resources, record the status). All progress is kept in
 * the status, so a restarted operator resumes at the same step.
 */
@ControllerConfiguration(name = ModelRolloutReconciler.NAME)
public class ModelRolloutReconciler implements Reconciler<ModelRollout>, Cleaner<ModelRollout> {
    public static final String NAME = "modelrollout";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRolloutReconciler.class);
    private static final Duration RETRY_SOON = Duration.ofSeconds(30);
    private static final Duration WAIT_FOR_SERVERS = Duration.ofSeconds(15);
    private static final Duration MIN_WAKE_UP = Duration.ofSeconds(1);
    private static final Object STATUS_BEFORE = new Object();
    private static final Object TIMINGS = new Object();

    private final ControlPlane controlPlane;
    private final Observer observer;
    private final GuardrailEvaluator guardrails;
    private final Strategies strategies;
    private final StatusRecorder recorder;
    private final RetrainRequests retrains;
    private final Clock clock;

    private final LoggerSidecar.Settings logger;
    private final ServerDeployment baselineDeployment;
    private final ServerDeployment candidateDeployment;
    private final LoggerTokenSecret loggerToken;
    private final ServerService baselineService = new ServerService(Role.BASELINE);
    private final ServerService candidateService = new ServerService(Role.CANDIDATE);
    private final ModelRoute route = new ModelRoute();
    private final SimpleInboundEventSource<ModelRollout> wakeUps = new SimpleInboundEventSource<>("wake-ups");

    public ModelRolloutReconciler(ControlPlane controlPlane, GuardrailEvaluator guardrails, Strategies strategies,
                                  StatusRecorder recorder, Clock clock, LoggerSidecar.Settings logger) {
        this.controlPlane = controlPlane;
        this.observer = new Observer(controlPlane);
        this.guardrails = guardrails;
        this.strategies = strategies;
        this.recorder = recorder;
        this.retrains = new RetrainRequests(controlPlane, recorder);
        this.clock = clock;
        this.logger = logger;
        this.baselineDeployment = new ServerDeployment(Role.BASELINE, logger);
        this.candidateDeployment = new ServerDeployment(Role.CANDIDATE, logger);
        this.loggerToken = new LoggerTokenSecret(logger);
    }

    @Override
    public List<EventSource<?, ModelRollout>> prepareEventSources(EventSourceContext<ModelRollout> context) {
        String managed = ServerNames.LABEL_MANAGED_BY + "=" + ServerNames.MANAGED_BY;
        InformerEventSource<Deployment, ModelRollout> deployments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Deployment.class, ModelRollout.class).withName("deployments")
                        .withLabelSelector(managed)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelRollout.class, false)).build(), context);
        InformerEventSource<Service, ModelRollout> services = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Service.class, ModelRollout.class).withName("services")
                        .withLabelSelector(managed)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelRollout.class, false)).build(), context);
        // routes are the user's (no label selector); JOSDK's annotations name the rollout that last wrote one
        InformerEventSource<HTTPRoute, ModelRollout> routes = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(HTTPRoute.class, ModelRollout.class).withName("httproutes")
                        .withSecondaryToPrimaryMapper(Mappers.fromDefaultAnnotations(ModelRollout.class)).build(), context);
        // only the Secrets of the one name (RBAC grants list/watch for it by resourceNames); a change of one needs no
        // reconciliation: the next one of any rollout in that namespace puts the token back
        InformerEventSource<Secret, ModelRollout> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, ModelRollout.class).withName("logger-token-secrets")
                        .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", logger.tokenSecret())))
                        .withSecondaryToPrimaryMapper(secret -> Set.of()).build(), context);
        loggerToken.setEventSource(secrets);
        baselineDeployment.setEventSource(deployments);
        candidateDeployment.setEventSource(deployments);
        baselineService.setEventSource(services);
        candidateService.setEventSource(services);
        route.setEventSource(routes);
        return List.of(deployments, services, routes, secrets, wakeUps);
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
        ModelRolloutStatus s = rollout.getStatus();
        if (s != null && s.getPhase() != null && !s.getPhase().isTerminal() && s.getBaselineVersion() != null
                && s.getCandidateVersion() != null && rollout.getSpec() != null && rollout.getSpec().traffic() != null) {
            String model = rollout.getSpec().model();
            ModelRoute.restoreBaseline(context.getClient(), rollout, ServerNames.serverName(model, s.getBaselineVersion()),
                    ServerNames.serverName(model, s.getCandidateVersion()));
            if (rollout.getSpec().strategy() != null && rollout.getSpec().strategy().kind() != null) {
                strategy(rollout).finished(new StrategyContext(rollout, s, clock.instant()));
            }
            LOG.info("{}/{} deleted while {}: traffic back on version {}", rollout.getMetadata().getNamespace(),
                    rollout.getMetadata().getName(), s.getPhase().wire(), s.getBaselineVersion());
        }
        return DeleteControl.defaultDelete();
    }

    @Override
    public UpdateControl<ModelRollout> reconcile(ModelRollout rollout, Context<ModelRollout> context) {
        Instant now = clock.instant();
        if (rollout.getStatus() == null) {
            rollout.setStatus(new ModelRolloutStatus());
        }
        context.managedWorkflowAndDependentResourceContext().put(STATUS_BEFORE,
                context.getClient().getKubernetesSerialization().asJson(rollout.getStatus()));
        ModelRolloutStatus status = rollout.getStatus();
        if (LOG.isDebugEnabled()) {
            LOG.debug("reconciling {}/{} rv={} gen={} at {}: phase={} step={} pausedAt={} lastEvaluatedAt={}",
                    rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), rollout.getMetadata().getResourceVersion(),
                    rollout.getMetadata().getGeneration(), now, status.getPhase(), status.getStep(), status.getPausedAt(),
                    status.getLastEvaluatedAt());
        }
        if (status.getPhase() != null && status.getPhase().isTerminal()) {
            if (!fixedAfterInvalidSpec(rollout)) {
                // a finished rollout leaves the servers and the route to the next one; only a retrain may be owed
                if (RetrainRequests.pending(status)) {
                    return done(rollout, context, retrains.retry(rollout, now), false);
                }
                recorder.metrics().record(rollout);
                return UpdateControl.noUpdate();
            }
            rollout.setStatus(new ModelRolloutStatus());
            status = rollout.getStatus();
        }
        if (status.getPhase() == null) {
            recorder.phase(rollout, RolloutPhase.PENDING, "Created", "resolving the baseline and candidate versions");
        }

        // validate
        List<String> problems = SpecChecks.beforeObservation(rollout.getSpec());
        if (!problems.isEmpty()) {
            return invalid(rollout, context, "InvalidSpec", String.join("; ", problems));
        }
        // observe
        Observation obs;
        try {
            long t = System.nanoTime();
            obs = observer.observe(rollout);
            timing(context, "observe", t);
        } catch (ObservationException e) {
            if (e.invalid()) {
                return invalid(rollout, context, e.reason(), e.getMessage());
            }
            recorder.message(rollout, "waiting for the control plane: " + e.getMessage());
            return done(rollout, context, RETRY_SOON, false);
        }
        problems = SpecChecks.forRuntime(rollout.getSpec(), obs.candidate().runtime());
        if (!problems.isEmpty()) {
            return invalid(rollout, context, "InvalidSpec", String.join("; ", problems));
        }
        recorder.condition(rollout, Conditions.INVALID_SPEC, false, "Valid", "the spec is valid");

        if (status.getPhase() == RolloutPhase.PENDING) {
            Optional<ModelRollout> other = activeRolloutOnSameRoute(rollout, context);
            if (other.isPresent()) {
                recorder.message(rollout, "waiting for rollout " + other.get().getMetadata().getName()
                        + " to finish: it is moving the same HTTPRoute " + ModelRoute.namespace(rollout) + "/"
                        + rollout.getSpec().traffic().httpRoute());
                return done(rollout, context, RETRY_SOON, false);
            }
        }

        Step step = switch (status.getPhase()) {
            case PENDING -> pending(rollout, obs, context, now);
            case PROMOTING -> promote(rollout, obs, now, status.getMessage());
            default -> progressing(rollout, obs, now, context);
        };
        long t = System.nanoTime();
        apply(rollout, step.plan(), context);
        timing(context, "apply", t);
        ModelRolloutStatus st = rollout.getStatus();
        st.setWeights(new Weights(step.plan().traffic().baselineWeight(), step.plan().traffic().candidateWeight()));
        st.setMirrorPercent(step.plan().traffic().mirrorPercent() > 0 ? step.plan().traffic().mirrorPercent() : null);
        conditions(rollout, step.plan(), context);
        t = System.nanoTime();
        UpdateControl<ModelRollout> control = done(rollout, context, step.wakeUpIn(), step.specChanged());
        timing(context, "status", t);
        if (LOG.isDebugEnabled()) {
            LOG.debug("reconciled {}/{} in {}", rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                    context.managedWorkflowAndDependentResourceContext().get(TIMINGS, StringBuilder.class).orElse(new StringBuilder()));
        }
        return control;
    }

    // ---- phases ---------------------------------------------------------------------------------------------

    private Step pending(ModelRollout rollout, Observation obs, Context<ModelRollout> context, Instant now) {
        RolloutPlan serversUp = plan(obs, obs.baseline().replicas(), obs.candidate().replicas(), TrafficPlan.allBaseline());
        Deployment baseline = existing(obs.baseline(), rollout, context);
        Deployment candidate = existing(obs.candidate(), rollout, context);
        boolean ready = ServerReadiness.ready(baseline, obs.baseline().replicas())
                && ServerReadiness.ready(candidate, obs.candidate().replicas());
        if (!ready) {
            recorder.message(rollout, "waiting for the model servers: " + obs.baseline().name() + " (baseline) "
                    + ServerReadiness.describe(baseline, obs.baseline().replicas()) + ", " + obs.candidate().name()
                    + " (candidate) " + ServerReadiness.describe(candidate, obs.candidate().replicas()));
            return new Step(serversUp, WAIT_FOR_SERVERS, false);
        }
        StrategyContext sctx = new StrategyContext(rollout, rollout.getStatus(), now);
        rollout.getStatus().setStartedAt(now.toString());
        Decision d = strategy(rollout).start(sctx);
        recorder.phase(rollout, RolloutPhase.PROGRESSING, "Started", "version " + obs.candidate().version()
                + " is ready beside version " + obs.baseline().version() + "; " + describe(d));
        return decide(rollout, obs, sctx, d);
    }

    private Step progressing(ModelRollout rollout, Observation obs, Instant now, Context<ModelRollout> context) {
        ModelRolloutSpec spec = rollout.getSpec();
        ModelRolloutStatus status = rollout.getStatus();
        GuardrailsSpec g = spec.guardrailsOrDefault();
        RolloutStrategy strategy = strategy(rollout);
        StrategyContext sctx = new StrategyContext(rollout, status, now);

        if (spec.abortRequested()) {
            return rollback(rollout, obs, sctx, "aborted by the user (mlctl rollout abort)", "aborted");
        }
        if (!spec.pauseRequested() && status.getPausedAt() != null) {
            resume(rollout, now);
        }
        long t = System.nanoTime();
        judgeGuardrails(rollout, obs, now);
        timing(context, "guardrails", t);
        GuardrailLedger.Verdict verdict = GuardrailLedger.verdict(g, status.getGuardrails());
        if (verdict.kind() == GuardrailLedger.Verdict.Kind.FAILED) {
            return rollback(rollout, obs, sctx, verdict.message(), "guardrail_failed");
        }
        if (spec.promoteRequested()) {
            return promote(rollout, obs, now, "promoted by the user (mlctl rollout promote)");
        }
        if (verdict.kind() == GuardrailLedger.Verdict.Kind.INCONCLUSIVE && !spec.pauseRequested()) {
            return inconclusive(rollout, obs, sctx, verdict.message(), "guardrail_inconclusive");
        }
        if (spec.pauseRequested()) {
            return hold(rollout, obs, strategy, now);
        }
        Integer stepBefore = status.getStep();
        Decision d = strategy.progress(sctx);
        if (d instanceof Decision.Continue c && stepBefore != null && !Objects.equals(stepBefore, status.getStep())) {
            recorder.events().normal(rollout, "StepAdvanced", c.message());
        }
        return decide(rollout, obs, sctx, d);
    }

    private Step decide(ModelRollout rollout, Observation obs, StrategyContext sctx, Decision d) {
        if (d instanceof Decision.Continue c) {
            if (rollout.getStatus().getPhase() != RolloutPhase.PROGRESSING) {
                recorder.phase(rollout, RolloutPhase.PROGRESSING, "Progressing", c.message());
            } else {
                recorder.message(rollout, c.message());
            }
            return new Step(plan(obs, obs.baseline().replicas(), obs.candidate().replicas(), c.traffic()), c.wakeUpIn(), false);
        }
        if (d instanceof Decision.Promote p) {
            return promote(rollout, obs, sctx.now(), p.message());
        }
        if (d instanceof Decision.Rollback r) {
            return rollback(rollout, obs, sctx, r.message(), r.reason());
        }
        return inconclusive(rollout, obs, sctx, ((Decision.Inconclusive) d).message(), "inconclusive");
    }

    /** The guardrails' onInconclusive policy: roll back, or pause (setting spec.paused) until the user resumes. */
    private Step inconclusive(ModelRollout rollout, Observation obs, StrategyContext sctx, String message, String reason) {
        if (rollout.getSpec().guardrailsOrDefault().onInconclusiveOrDefault() == GuardrailsSpec.OnInconclusive.ROLLBACK) {
            return rollback(rollout, obs, sctx, message + " (onInconclusive: rollback)", reason);
        }
        rollout.setSpec(rollout.getSpec().withPaused(true));
        rollout.getStatus().setPausedAt(sctx.now().toString());
        recorder.phase(rollout, RolloutPhase.PAUSED, "PausedInconclusive", "paused: " + message
                + "; never promoting without data. 'mlctl rollout resume " + rollout.getMetadata().getName()
                + "' continues, 'mlctl rollout abort' rolls back");
        TrafficPlan traffic = strategy(rollout).currentTraffic(rollout);
        return new Step(plan(obs, obs.baseline().replicas(), obs.candidate().replicas(), traffic), sctx.guardrailInterval(), true);
    }

    private Step hold(ModelRollout rollout, Observation obs, RolloutStrategy strategy, Instant now) {
        ModelRolloutStatus status = rollout.getStatus();
        if (status.getPausedAt() == null) {
            status.setPausedAt(now.toString());
        }
        if (status.getPhase() != RolloutPhase.PAUSED) {
            recorder.phase(rollout, RolloutPhase.PAUSED, "Paused", "paused by the user (mlctl rollout pause); traffic holds at "
                    + strategy.currentTraffic(rollout).candidateWeight() + "% to the candidate; 'mlctl rollout resume' continues");
        }
        // guardrails keep being judged while paused: a failing candidate still rolls back
        Duration interval = Durations.parse(rollout.getSpec().guardrailsOrDefault().intervalOrDefault());
        return new Step(plan(obs, obs.baseline().replicas(), obs.candidate().replicas(), strategy.currentTraffic(rollout)), interval, false);
    }

    /** Timers stop while paused: the current step resumes with the time it had left. */
    private void resume(ModelRollout rollout, Instant now) {
        ModelRolloutStatus status = rollout.getStatus();
        Duration paused = Duration.between(Instant.parse(status.getPausedAt()), now);
        if (status.getStepStartedAt() != null && !paused.isNegative()) {
            status.setStepStartedAt(Instant.parse(status.getStepStartedAt()).plus(paused).toString());
        }
        status.setPausedAt(null);
        status.setGuardrails(GuardrailLedger.forgiveInconclusive(status.getGuardrails()));
        recorder.events().normal(rollout, "Resumed", "resumed after " + Durations.format(paused.withNanos(0)) + " paused");
    }

    private Step promote(ModelRollout rollout, Observation obs, Instant now, String why) {
        ModelRolloutSpec spec = rollout.getSpec();
        ModelRolloutStatus status = rollout.getStatus();
        String moved;
        if (spec.baseline().startsWith("@")) {
            String alias = spec.baseline().substring(1);
            try {
                controlPlane.moveAlias(spec.model(), alias, obs.candidate().version(), obs.baseline().version());
            } catch (ControlPlaneException e) {
                if (!e.retryable()) {
                    // someone else moved the alias meanwhile (409), or the model is gone: not ours to overrule
                    strategy(rollout).finished(new StrategyContext(rollout, status, now));
                    recorder.condition(rollout, Conditions.PROGRESSING, false, "AliasNotMoved", e.getMessage());
                    recorder.phase(rollout, RolloutPhase.FAILED, "AliasNotMoved", "promotion refused: moving " + spec.baseline()
                            + " of " + spec.model() + " from version " + obs.baseline().version() + " to "
                            + obs.candidate().version() + " failed (" + e.getMessage() + "); all traffic back on version "
                            + obs.baseline().version() + ", version " + obs.candidate().version() + " scaled to 0");
                    return new Step(plan(obs, obs.baseline().replicas(), 0, TrafficPlan.allBaseline()), null, false);
                }
                String message = "promoting: moving " + spec.baseline() + " of " + spec.model() + " to version "
                        + obs.candidate().version() + " failed (" + e.getMessage() + "); retrying";
                if (status.getPhase() != RolloutPhase.PROMOTING) {
                    recorder.phase(rollout, RolloutPhase.PROMOTING, "Promoting", message);
                } else {
                    recorder.message(rollout, message);
                }
                TrafficPlan traffic = strategy(rollout).currentTraffic(rollout);
                return new Step(plan(obs, obs.baseline().replicas(), obs.candidate().replicas(), traffic), RETRY_SOON, false);
            }
            moved = "; " + spec.baseline() + " now points at version " + obs.candidate().version();
        } else {
            moved = "; the baseline was a version number, so no alias moved";
        }
        strategy(rollout).finished(new StrategyContext(rollout, status, now));
        String reasonText = why.startsWith("promoting: ") ? "promoted" : why;
        recorder.phase(rollout, RolloutPhase.SUCCEEDED, "Promoted", reasonText + moved + "; version "
                + obs.baseline().version() + " scaled to 0");
        // the baseline keeps its replicas until the route sends everything to the candidate (apply() orders it)
        return new Step(plan(obs, 0, obs.candidate().replicas(), TrafficPlan.allCandidate()), null, false);
    }

    private Step rollback(ModelRollout rollout, Observation obs, StrategyContext sctx, String why, String reason) {
        strategy(rollout).finished(sctx);
        recorder.phase(rollout, RolloutPhase.ROLLED_BACK, "RolledBack", "rolled back: " + why + "; all traffic on version "
                + obs.baseline().version() + ", version " + obs.candidate().version() + " scaled to 0");
        recorder.metrics().rolledBack(reason);
        // kept in the status with the rollback: when the control plane cannot take it now, later reconciliations ask again
        Duration retrainRetry = rollout.getSpec().retrainOnRollback() ? retrains.owe(rollout, reason, sctx.now()) : null;
        return new Step(plan(obs, obs.baseline().replicas(), 0, TrafficPlan.allBaseline()), retrainRetry, false);
    }

    private UpdateControl<ModelRollout> invalid(ModelRollout rollout, Context<ModelRollout> context, String reason, String message) {
        recorder.condition(rollout, Conditions.INVALID_SPEC, true, reason, message);
        recorder.condition(rollout, Conditions.PROGRESSING, false, reason, message);
        recorder.phase(rollout, RolloutPhase.FAILED, reason, "invalid: " + message);
        return done(rollout, context, null, false);
    }

    // ---- guardrails --------------------------------------------------------------------------------------------

    private void judgeGuardrails(ModelRollout rollout, Observation obs, Instant now) {
        GuardrailsSpec g = rollout.getSpec().guardrailsOrDefault();
        ModelRolloutStatus status = rollout.getStatus();
        if (g.metricsOrEmpty().isEmpty()) {
            status.setGuardrails(List.of());
            return;
        }
        Duration interval = Durations.parse(g.intervalOrDefault());
        // judged every interval, the first time one interval after the candidate got traffic (before that there
        // is nothing to measure, and an early "no data" would count against it)
        Instant last = status.getLastEvaluatedAt() != null ? Instant.parse(status.getLastEvaluatedAt())
                : status.getStartedAt() != null ? Instant.parse(status.getStartedAt()) : now.minus(interval);
        if (now.isBefore(last.plus(interval))) {
            return;
        }
        GuardrailTarget target = new GuardrailTarget(rollout.getSpec().model(), rollout.getMetadata().getNamespace(),
                obs.baseline().version(), obs.candidate().version(), obs.baseline().name(), obs.candidate().name(),
                obs.candidate().runtime(), rollout.getSpec().strategy().kind() == StrategyKind.SHADOW
                ? ControlPlaneDrift.period(new StrategyContext(rollout, status, now).elapsedInStep()) : null,
                status.getStartedAt() == null ? null : Instant.parse(status.getStartedAt()));
        List<Measurement> measured = guardrails.evaluate(g.metricsOrEmpty(), target, now);
        status.setGuardrails(GuardrailLedger.record(g.metricsOrEmpty(), status.getGuardrails(), measured, now));
        status.setLastEvaluatedAt(now.toString());
    }

    // ---- applying ----------------------------------------------------------------------------------------------

    private static RolloutPlan plan(Observation obs, int baselineReplicas, int candidateReplicas, TrafficPlan traffic) {
        return new RolloutPlan(new ServerPlan(obs.baseline(), baselineReplicas), new ServerPlan(obs.candidate(), candidateReplicas), traffic);
    }

    /**
     * Servers that take traffic are applied before the route, servers that lose it after: traffic never points at
     * a server that is being scaled away.
     */
    private void apply(ModelRollout rollout, RolloutPlan plan, Context<ModelRollout> context) {
        plan.attachTo(context);
        // the token first: a logger container that starts before its Secret exists runs without a token
        if (logger.token() != null && (plan.baseline().config().logger() != null || plan.candidate().config().logger() != null)) {
            logResult("loggerToken", loggerToken.reconcile(rollout, context));
        }
        boolean baselineUp = plan.baseline().replicas() > 0;
        boolean candidateUp = plan.candidate().replicas() > 0;
        if (baselineUp) {
            logResult("baselineDeployment", baselineDeployment.reconcile(rollout, context));
        }
        if (candidateUp) {
            logResult("candidateDeployment", candidateDeployment.reconcile(rollout, context));
        }
        logResult("baselineService", baselineService.reconcile(rollout, context));
        logResult("candidateService", candidateService.reconcile(rollout, context));
        logResult("route", route.reconcile(rollout, context));
        if (!baselineUp) {
            logResult("baselineDeployment", baselineDeployment.reconcile(rollout, context));
        }
        if (!candidateUp) {
            logResult("candidateDeployment", candidateDeployment.reconcile(rollout, context));
        }
    }

    private void conditions(ModelRollout rollout, RolloutPlan plan, Context<ModelRollout> context) {
        ModelRolloutStatus s = rollout.getStatus();
        ServerConfig candidate = plan.candidate().config();
        if (plan.candidate().replicas() == 0) {
            recorder.condition(rollout, Conditions.AVAILABLE, false, "ScaledDown", candidate.name() + " is scaled to 0");
        } else {
            Deployment d = existing(candidate, rollout, context);
            boolean ready = ServerReadiness.ready(d, plan.candidate().replicas());
            recorder.condition(rollout, Conditions.AVAILABLE, ready, ready ? "Ready" : "NotReady",
                    candidate.name() + ": " + ServerReadiness.describe(d, plan.candidate().replicas()));
        }
        RolloutPhase phase = s.getPhase();
        boolean moving = phase == RolloutPhase.PENDING || phase == RolloutPhase.PROGRESSING || phase == RolloutPhase.PROMOTING;
        recorder.condition(rollout, Conditions.PROGRESSING, moving, switch (phase) {
            case SUCCEEDED -> "Promoted";
            case ROLLED_BACK -> "RolledBack";
            case PAUSED -> "Paused";
            case FAILED -> "Failed";
            default -> phase.wire();
        }, s.getMessage());
        List<ModelRolloutStatus.GuardrailStatus> g = s.getGuardrails();
        if (g.isEmpty()) {
            recorder.condition(rollout, Conditions.GUARDRAILS_PASSING, true, "NoGuardrails", "no guardrails are configured");
        } else {
            boolean passing = GuardrailLedger.allPassedSince(g, Instant.EPOCH);
            recorder.condition(rollout, Conditions.GUARDRAILS_PASSING, passing, passing ? "Passed" : "NotPassing",
                    passing ? "every guardrail passed at its last judgement" : GuardrailLedger.notPassing(g, Instant.EPOCH));
        }
        if (s.getSamples() != null && s.getSamples().required() != null && s.getSamples().observed() != null) {
            boolean reached = s.getSamples().required().entrySet().stream().allMatch(e ->
                    s.getSamples().observed().getOrDefault(e.getKey(), 0L) >= e.getValue());
            recorder.condition(rollout, Conditions.SAMPLE_SIZE_REACHED, reached, reached ? "Reached" : "Collecting",
                    "observed " + s.getSamples().observed() + " of required " + s.getSamples().required());
        }
    }

    /**
     * Writes the status (and the spec, when the operator paused the rollout) with optimistic locking, retrying
     * conflicts, and puts the result in JOSDK's cache: the next reconciliation, whatever event triggers it, sees
     * what this one did and never repeats a promotion or a rollback.
     */
    private UpdateControl<ModelRollout> done(ModelRollout rollout, Context<ModelRollout> context, Duration wakeUpIn,
                                             boolean specChanged) {
        recorder.observed(rollout);
        ModelRolloutStatus status = rollout.getStatus();
        String before = context.managedWorkflowAndDependentResourceContext().get(STATUS_BEFORE, String.class).orElse(null);
        if (!specChanged && context.getClient().getKubernetesSerialization().asJson(status).equals(before)) {
            // nothing new to say: no write, no watch event for every other informer
            return wakeUpIn == null ? UpdateControl.noUpdate() : UpdateControl.<ModelRollout>noUpdate().rescheduleAfter(atLeast(wakeUpIn));
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
        UpdateControl<ModelRollout> control = UpdateControl.noUpdate();
        if (wakeUpIn != null) {
            control.rescheduleAfter(atLeast(wakeUpIn));
        }
        return control;
    }

    /** Which objects a reconciliation wrote, for the debug log (nothing is written when they match). */
    private static void logResult(String dependent, ReconcileResult<?> r) {
        if (LOG.isDebugEnabled() && r.getSingleOperation() != ReconcileResult.Operation.NONE) {
            LOG.debug("{}: {}", dependent, r.getSingleOperation());
        }
    }

    /** Where a reconciliation spent its time, for the debug log. */
    private static void timing(Context<ModelRollout> context, String what, long startNanos) {
        if (LOG.isDebugEnabled()) {
            StringBuilder sb = context.managedWorkflowAndDependentResourceContext().get(TIMINGS, StringBuilder.class).orElse(null);
            if (sb == null) {
                sb = new StringBuilder();
                context.managedWorkflowAndDependentResourceContext().put(TIMINGS, sb);
            }
            sb.append(' ').append(what).append('=').append((System.nanoTime() - startNanos) / 1_000_000).append("ms");
        }
    }

    private static Duration atLeast(Duration wakeUpIn) {
        return wakeUpIn.compareTo(MIN_WAKE_UP) < 0 ? MIN_WAKE_UP : wakeUpIn;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Deployment existing(ServerConfig server, ModelRollout rollout, Context<ModelRollout> context) {
        ResourceID id = new ResourceID(server.name(), rollout.getMetadata().getNamespace());
        return baselineDeployment.eventSource().flatMap(es -> es.get(id)).orElse(null);
    }

    private RolloutStrategy strategy(ModelRollout rollout) {
        return strategies.of(rollout.getSpec().strategy().kind());
    }

    private static boolean fixedAfterInvalidSpec(ModelRollout rollout) {
        ModelRolloutStatus s = rollout.getStatus();
        boolean invalid = s.getPhase() == RolloutPhase.FAILED && s.getConditions().stream()
                .anyMatch(c -> Conditions.INVALID_SPEC.equals(c.getType()) && "True".equals(c.getStatus()));
        return invalid && !Objects.equals(s.getObservedGeneration(), rollout.getMetadata().getGeneration());
    }

    /** An older, unfinished rollout that moves the same route goes first. */
    private static Optional<ModelRollout> activeRolloutOnSameRoute(ModelRollout rollout, Context<ModelRollout> context) {
        String ns = ModelRoute.namespace(rollout);
        String name = rollout.getSpec().traffic().httpRoute();
        Comparator<ModelRollout> age = Comparator.comparing((ModelRollout r) -> r.getMetadata().getCreationTimestamp(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(r -> r.getMetadata().getName());
        return context.getPrimaryCache().list()
                .filter(r -> r != rollout && !r.getMetadata().getUid().equals(rollout.getMetadata().getUid()))
                .filter(r -> r.getSpec() != null && r.getSpec().traffic() != null)
                .filter(r -> name.equals(r.getSpec().traffic().httpRoute()) && ns.equals(ModelRoute.namespace(r)))
                .filter(r -> r.getStatus() == null || r.getStatus().getPhase() == null || !r.getStatus().getPhase().isTerminal())
                .filter(r -> age.compare(r, rollout) < 0)
                .min(age);
    }

    private static String describe(Decision d) {
        return d instanceof Decision.Continue c ? c.message() : d.toString();
    }

    /** What this reconciliation leads to. */
    private record Step(RolloutPlan plan, Duration wakeUpIn, boolean specChanged) {
    }
}
