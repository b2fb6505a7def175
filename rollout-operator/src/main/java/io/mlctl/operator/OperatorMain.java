package io.mlctl.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlctl.operator.controlplane.CachingControlPlane;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.guardrail.PrometheusClient;
import io.mlctl.operator.strategy.AbTestRun;
import io.mlctl.operator.strategy.CanaryRun;
import io.mlctl.operator.strategy.ShadowRun;
import io.mlctl.operator.strategy.Strategies;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/** Runs the operator in a cluster: configuration from the environment ({@link OperatorConfig}), /metrics, leader election. */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("mlctl rollout operator: reconciles ModelRollout resources. Configured by environment variables:");
            System.out.println("  MLCTL_SERVER, MLCTL_TOKEN, MLCTL_PROMETHEUS_URL, MLCTL_WATCH_NAMESPACES, MLCTL_METRICS_PORT,");
            System.out.println("  MLCTL_LEADER_ELECTION, MLCTL_LEASE_NAME, MLCTL_LEASE_NAMESPACE, MLCTL_RECONCILE_THREADS, MLCTL_HTTP_TIMEOUT,");
            System.out.println("  MLCTL_SERVER_SIDE_APPLY, MLCTL_LOGGER_IMAGE, MLCTL_INGEST_TOKEN, MLCTL_LOGGER_TOKEN_SECRET");
            System.out.println("  (see io.mlctl.operator.OperatorConfig and docs/ROLLOUTS.md)");
            System.out.println("  and the usual kubeconfig / in-cluster service account for the Kubernetes API.");
            return;
        }
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
        PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
        JvmMetrics.builder().register(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        ControlPlane controlPlane = new CachingControlPlane(
                new HttpControlPlane(config.controlPlaneUrl(), config.controlPlaneToken(), config.httpTimeout()), Duration.ofMinutes(1));
        PrometheusClient prometheus = config.prometheusUrl() == null ? null : new PrometheusClient(config.prometheusUrl(), config.httpTimeout());
        Clock clock = Clock.systemUTC();
        LeaderElection leadership = new LeaderElection();
        var leaderElection = !config.leaderElection() ? null
                : leadership.configuration(config.leaseName(), config.leaseNamespace(), identity());
        RolloutOperator operator = RolloutOperator.create(new RolloutOperator.Settings(client, controlPlane, prometheus,
                new ControlPlaneDrift(controlPlane), new Strategies(new CanaryRun(), new ShadowRun(controlPlane), new AbTestRun(controlPlane)),
                registry, clock, config.namespaces(), config.serverSideApply(), leaderElection, config.reconcileThreads(),
                config.logger()));
        HTTPServer metrics = config.metricsPort() <= 0 ? null
                : HTTPServer.builder().port(config.metricsPort()).registry(registry).buildAndStart();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            leadership.stopping();
            operator.close();
            if (metrics != null) {
                metrics.close();
            }
            client.close();
            stopped.countDown();
        }, "mlctl-operator-shutdown"));
        operator.start();
        LOG.info("mlctl operator started: control plane {}, Prometheus {}, namespaces {}, metrics on :{}, leader election {}",
                config.controlPlaneUrl(), config.prometheusUrl() == null ? "(none)" : config.prometheusUrl(),
                config.namespaces().isEmpty() ? "(all)" : config.namespaces(), config.metricsPort(), config.leaderElection());
        if (config.ingestToken() == null) {
            LOG.warn("MLCTL_INGEST_TOKEN is not set: the inference loggers read the Secret {} of their namespace, which the"
                    + " operator will not write; create it (key {}) or the loggers' samples are refused", config.loggerTokenSecret(),
                    io.mlctl.operator.server.LoggerSidecar.TOKEN_KEY);
        }
        LOG.info("inference loggers: image {}, sending to {}", config.loggerImage(), config.controlPlaneUrl());
        stopped.await();
    }

    /** The pod name when running in Kubernetes (HOSTNAME), so the Lease says which replica leads. */
    private static String identity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "mlctl-operator";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
