package io.mlctl.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.events.EventRecorder;
import io.mlctl.operator.guardrail.DriftSource;
import io.mlctl.operator.guardrail.GuardrailEvaluator;
import io.mlctl.operator.guardrail.PrometheusClient;
import io.mlctl.operator.metrics.ReconcileMetrics;
import io.mlctl.operator.metrics.RolloutMetrics;
import io.mlctl.operator.reconcile.ModelRolloutReconciler;
import io.mlctl.operator.reconcile.StatusRecorder;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.rollout.api.ModelRollout;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The operator assembled: JOSDK's {@link Operator} with the ModelRollout controller, its metrics and, when asked,
 * leader election. {@link OperatorMain} runs it in a cluster; tests run it against fabric8's in-process API server
 * (with server-side apply off, which that server does not speak).
 */
public final class RolloutOperator implements AutoCloseable {
    private final Operator operator;
    private final ModelRolloutReconciler reconciler;
    private final KubernetesClient client;

    private RolloutOperator(Operator operator, ModelRolloutReconciler reconciler, KubernetesClient client) {
        this.operator = operator;
        this.reconciler = reconciler;
        this.client = client;
    }

    /** Everything the operator needs; see {@link OperatorConfig} for where each comes from in a deployment. */
    public record Settings(
            KubernetesClient client,
            ControlPlane controlPlane,
            PrometheusClient prometheus,
            DriftSource drift,
            Strategies strategies,
            PrometheusRegistry registry,
            Clock clock,
            Set<String> namespaces,
            boolean serverSideApply,
            LeaderElectionConfiguration leaderElection,
            int reconcileThreads,
            LoggerSidecar.Settings logger) {

        /** Without logger settings: loggers as the defaults of {@link OperatorConfig} say, with no token to copy. */
        public Settings(KubernetesClient client, ControlPlane controlPlane, PrometheusClient prometheus, DriftSource drift,
                        Strategies strategies, PrometheusRegistry registry, Clock clock, Set<String> namespaces,
                        boolean serverSideApply, LeaderElectionConfiguration leaderElection, int reconcileThreads) {
            this(client, controlPlane, prometheus, drift, strategies, registry, clock, namespaces, serverSideApply,
                    leaderElection, reconcileThreads, OperatorConfig.fromEnv(Map.of()).logger());
        }
    }

    public static RolloutOperator create(Settings s) {
        RolloutMetrics rolloutMetrics = new RolloutMetrics(s.registry());
        ReconcileMetrics reconcileMetrics = new ReconcileMetrics(s.registry(), rolloutMetrics);
        StatusRecorder recorder = new StatusRecorder(new EventRecorder(s.client(), s.clock()), rolloutMetrics, s.clock());
        GuardrailEvaluator guardrails = new GuardrailEvaluator(s.prometheus(), s.drift());
        ModelRolloutReconciler reconciler = new ModelRolloutReconciler(s.controlPlane(), guardrails, s.strategies(), recorder,
                s.clock(), s.logger());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(s.client())
                    .withMetrics(reconcileMetrics)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(s.reconcileThreads())
                    .withUseSSAToPatchPrimaryResource(s.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(s.serverSideApply())
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofMinutes(2));
            if (s.leaderElection() != null) {
                o.withLeaderElectionConfiguration(s.leaderElection());
            }
        });
        // conflicts (409) and transient API errors are retried by JOSDK with backoff before the next event
        GenericRetry retry = GenericRetry.defaultLimitedExponentialRetry().setMaxAttempts(8);
        operator.register(reconciler, c -> {
            c.withRetry(retry);
            if (s.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(s.namespaces());
            }
        });
        return new RolloutOperator(operator, reconciler, s.client());
    }

    public RolloutOperator start() {
        operator.start();
        return this;
    }

    /** Reconciles every ModelRollout now (after a test moved its clock). */
    public void wakeUpAll() {
        client.resources(ModelRollout.class).inAnyNamespace().list().getItems().forEach(r ->
                reconciler.wakeUp(ResourceID.fromResource(r)));
    }

    @Override
    public void close() {
        operator.stop();
    }
}
