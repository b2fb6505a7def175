package io.mlctl.operator.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.mlctl.operator.OperatorConfig;
import io.mlctl.operator.RolloutOperator;
import io.mlctl.operator.controlplane.CachingControlPlane;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.guardrail.PrometheusClient;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.strategy.AbTestRun;
import io.mlctl.operator.strategy.CanaryRun;
import io.mlctl.operator.strategy.ShadowRun;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TcpProxy;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.awaitility.Awaitility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One operator test's world: fabric8's in-process API server with the CRDs, the real control plane (embedded, on
 * H2), optionally a real Prometheus holding test series, a clock the test moves, and the operator itself, which the
 * test can stop and start again (a restart) at any point.
 */
public final class OperatorHarness implements AutoCloseable {
    private final TestCluster cluster;
    private final ControlPlaneServer controlPlane;
    private final MutableClock clock;
    private URI prometheusUrl;
    private TcpProxy controlPlaneProxy;
    private RolloutOperator operator;
    private PrometheusRegistry registry;

    private OperatorHarness(TestCluster cluster, ControlPlaneServer controlPlane, MutableClock clock) {
        this.cluster = cluster;
        this.controlPlane = controlPlane;
        this.clock = clock;
    }

    /**
     * A fresh API server, operator and clock; the control plane is shared by every operator test in this JVM
     * (started once on its own H2 database; tests keep apart by model names).
     */
    public static OperatorHarness start(Instant now) throws Exception {
        return start(now, SharedControlPlane.get());
    }

    /** The operator and a fresh clock on this cluster (a real API server), against the shared control plane. */
    public static OperatorHarness start(Instant now, TestCluster cluster) {
        return new OperatorHarness(cluster, SharedControlPlane.get(), new MutableClock(now));
    }

    /** A fresh API server, operator and clock against this control plane (one started with its own settings). */
    public static OperatorHarness start(Instant now, ControlPlaneServer controlPlane) throws Exception {
        return new OperatorHarness(TestCluster.start(), controlPlane, new MutableClock(now));
    }

    /** Guardrail queries go to this Prometheus (a closed port plays an unreachable one). */
    public OperatorHarness prometheus(URI url) {
        this.prometheusUrl = url;
        return this;
    }

    /**
     * The operator reaches the control plane through a proxy the test can cut (an outage) and restore, with the
     * serving defaults cached as in production ({@code OperatorMain}): a rollout can still roll back while the
     * control plane is away.
     */
    public OperatorHarness controlPlaneThroughProxy() {
        controlPlaneProxy = new TcpProxy(controlPlane.url().getHost(), controlPlane.url().getPort());
        return this;
    }

    public TcpProxy controlPlaneProxy() {
        return controlPlaneProxy;
    }

    public OperatorHarness startOperator() {
        registry = new PrometheusRegistry();
        operator = newOperator(registry, null).start();
        return this;
    }

    /**
     * Another operator process on the same cluster, control plane and clock (not started, not closed by the
     * harness): for leader election, several replicas.
     */
    public RolloutOperator newOperator(PrometheusRegistry metrics, LeaderElectionConfiguration leaderElection) {
        ControlPlane cp = controlPlaneProxy == null
                ? new HttpControlPlane(controlPlane.url(), controlPlane.adminToken(), Duration.ofSeconds(5))
                : new CachingControlPlane(new HttpControlPlane(URI.create("http://127.0.0.1:" + controlPlaneProxy.port()),
                controlPlane.adminToken(), Duration.ofSeconds(5)), Duration.ofMinutes(1));
        PrometheusClient prometheus = prometheusUrl == null ? null : new PrometheusClient(prometheusUrl, Duration.ofSeconds(2));
        return RolloutOperator.create(new RolloutOperator.Settings(cluster.client(), cp, prometheus,
                new ControlPlaneDrift(cp), new Strategies(new CanaryRun(), new ShadowRun(cp), new AbTestRun(cp)),
                metrics, clock, Set.of(), false, leaderElection, 4, loggerSettings()));
    }

    /** The image and Secret the harness's operator gives its loggers, and the ingest token it copies. */
    public static final String LOGGER_IMAGE = "ghcr.io/mlctl/inference-logger:test";
    public static final String INGEST_TOKEN = "harness-ingest-token";

    public LoggerSidecar.Settings loggerSettings() {
        return new LoggerSidecar.Settings(LOGGER_IMAGE, controlPlane.url().toString(), OperatorConfig.DEFAULT_LOGGER_TOKEN_SECRET,
                INGEST_TOKEN);
    }

    /** Stops the operator as a crash or a rolling update would; all it knew must be in the resources. */
    public void stopOperator() {
        operator.close();
        operator = null;
    }

    public TestCluster cluster() {
        return cluster;
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    public ControlPlaneServer controlPlane() {
        return controlPlane;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Moves time and lets the operator look at every rollout again. */
    public void advance(Duration d) {
        clock.advance(d);
        operator.wakeUpAll();
    }

    public ModelRollout create(ModelRollout rollout) {
        return client().resources(ModelRollout.class).inNamespace(rollout.getMetadata().getNamespace()).resource(rollout).create();
    }

    /** Waits (polling, bounded) until the rollout satisfies the condition; fails with its last status otherwise. */
    public ModelRollout await(String namespace, String name, String what, Predicate<ModelRollout> condition) {
        ModelRollout[] last = new ModelRollout[1];
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = cluster.rollout(namespace, name);
                return last[0] != null && condition.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " did not happen; last status: "
                    + (last[0] == null ? "(no rollout)" : client().getKubernetesSerialization().asYaml(last[0].getStatus())), e);
        }
        return last[0];
    }

    /** Waits until the rollout asked for its servers, then plays the kubelet: versions 1 and 2 become ready. */
    public void serversReady(String namespace, String rolloutName, String model) {
        await(namespace, rolloutName, "servers requested", x -> x.getStatus() != null && x.getStatus().getMessage() != null
                && x.getStatus().getMessage().startsWith("waiting for the model servers"));
        cluster.markReady(namespace, model + "-v1");
        cluster.markReady(namespace, model + "-v2");
    }

    /** Runs {@code mlctl ...} against this cluster through a kubeconfig, as a user would; answers exit code and output. */
    public CliRun mlctl(String... args) throws IOException {
        java.nio.file.Path kubeconfig = java.nio.file.Files.createTempFile("mlctl-test", ".kubeconfig");
        java.nio.file.Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: t}}]
                contexts: [{name: test, context: {cluster: test, user: tester}}]
                current-context: test
                """.formatted(client().getConfiguration().getMasterUrl()));
        try {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
            all.add("--kubeconfig");
            all.add(kubeconfig.toString());
            picocli.CommandLine cl = io.mlctl.cli.Mlctl.commandLine();
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            int exit = cl.execute(all.toArray(String[]::new));
            return new CliRun(exit, out.toString(), err.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(kubeconfig);
        }
    }

    public record CliRun(int exit, String out, String err) {
    }

    public List<Event> events(String namespace, String rolloutName) {
        return client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> rolloutName.equals(e.getInvolvedObject().getName())).toList();
    }

    /** The operator's /metrics text. */
    public String metrics() {
        return metrics(registry);
    }

    public static String metrics(PrometheusRegistry registry) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        if (controlPlaneProxy != null) {
            controlPlaneProxy.close();
        }
        cluster.close();
    }
}
