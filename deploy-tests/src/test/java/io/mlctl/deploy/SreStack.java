package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.mlctl.deploy.ModelServerExporter.ServedPod;
import io.mlctl.operator.LeaderElection;
import io.mlctl.operator.RolloutOperator;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.guardrail.PrometheusClient;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.strategy.AbTestRun;
import io.mlctl.operator.strategy.CanaryRun;
import io.mlctl.operator.strategy.ShadowRun;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.operator.testing.LoggerProcess;
import io.mlctl.operator.testing.OipModelServer;
import io.mlctl.operator.testing.PrometheusTestServer;
import io.mlctl.operator.testing.TestCluster;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything an SRE's Prometheus would see, started once per test JVM and shared by the tests that query it:
 * <ul>
 * <li>the real control plane (in-process, on PostgreSQL when MLCTL_TEST_PG_URL is set, else H2) with short drift
 * windows, talking to the Kubernetes API for retrain Jobs and auto-rollouts;</li>
 * <li>fabric8's in-process Kubernetes API server (CRUD) with the ModelRollout and HTTPRoute CRDs, recording every
 * request, and answering the operator's SelfSubjectRulesReview with the chart's leader-election rules;</li>
 * <li>the real operator, wired as OperatorMain wires it (metrics HTTP server, JVM metrics, leader election), with
 * its own client so its requests can be told apart;</li>
 * <li>stand-ins for Triton, vLLM and the DCGM exporter ({@link ModelServerExporter});</li>
 * <li>a real inference logger process (what the operator puts beside fraud-v2's server) in front of an OIP model
 * server, with requests going through it and samples going to the control plane;</li>
 * <li>a real Prometheus scraping all of them every second, as the chart's ServiceMonitors would (job = Service
 * name, namespace target label, honor_labels for the operator), evaluating the chart's rendered alert rules;</li>
 * <li>{@link KafkaFeed}: a real Kafka broker the control plane consumes a subscribed topic from;</li>
 * <li>{@link Traffic}: models, schemas, reference profiles, drifting samples with nulls and rejections, a retrain
 * policy whose webhook is down, an experiment, and three rollouts: one rolls back on its latency guardrail, one keeps
 * progressing, one pauses on a guardrail without data.</li>
 * </ul>
 */
final class SreStack implements AutoCloseable {
    static final String SERVING = "ml-serving";
    static final String OPERATOR_AGENT = "mlctl-operator/deploy-tests";
    private static final Logger LOG = LoggerFactory.getLogger(SreStack.class);
    private static SreStack instance;

    final List<JsonNode> chart = Chart.render(null);
    final Instant started = Instant.now();
    final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile boolean running = true;

    ModelServerExporter exporter;
    /** The candidate fraud-v2's pod: a real inference logger in front of an OIP model server. */
    static final String LOGGED_POD = "fraud-v2-7b4d9c6f8-m8kzp";
    OipModelServer modelServer;
    LoggerProcess logger;
    private final java.net.http.HttpClient loggerClient = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private final java.util.concurrent.atomic.AtomicInteger loggedRequests = new java.util.concurrent.atomic.AtomicInteger();
    TestCluster cluster;
    TestDatabase database;
    ControlPlaneServer controlPlane;
    RolloutOperator operator;
    final LeaderElection leadership = new LeaderElection(() -> LOG.error("the operator under test lost its Lease"));
    HTTPServer operatorMetrics;
    ScrapingPrometheus prometheus;
    Path rules;
    Traffic traffic;
    KafkaFeed kafka;

    /** The stack, started on first use; skips the calling test when Prometheus is not installed. */
    static synchronized SreStack get() throws Exception {
        Assumptions.assumeTrue(ScrapingPrometheus.binary() != null && PrometheusTestServer.binary("promtool") != null,
                "prometheus/promtool are not installed (apt-get install prometheus); skipping the real-Prometheus tests");
        if (instance == null) {
            SreStack s = new SreStack();
            try {
                s.start();
            } catch (Exception | AssertionError e) {
                s.close();
                throw e;
            }
            instance = s;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "sre-stack-stop"));
        }
        return instance;
    }

    private void start() throws Exception {
        exporter = track(new ModelServerExporter()
                .serve(new ServedPod(SERVING, "fraud-v1-6c9f7d8b5-hx2lq", "fraud", "triton", 40, 70, 150, 0.002, 0, 55, 22_000))
                .serve(new ServedPod(SERVING, LOGGED_POD, "fraud", "triton", 5, 120, 400, 0.01, 0, 92, 30_720))
                .serve(new ServedPod(SERVING, "ranker-v1-5f6d8c9b7-q4wtn", "ranker", "vllm", 8, 600, 1500, 0.001, 180, 70, 35_000))
                .serve(new ServedPod(SERVING, "ranker-v2-84c7b9d6f-zr5jd", "ranker", "vllm", 2, 500, 1200, 0.004, 150, 75, 36_000)));

        startCluster();
        database = track(System.getenv("MLCTL_TEST_PG_URL") != null ? TestDatabase.create(TestDatabase.Kind.POSTGRES) : TestDatabase.h2());
        Map<String, Object> cp = new HashMap<>();
        cp.put("mlctl.drift.window", "2s");
        cp.put("mlctl.drift.grace", "1s");
        cp.put("mlctl.drift.close-interval", "200ms");
        cp.put("mlctl.drift.close-initial-delay", "0s");
        cp.put("mlctl.drift.gauge-refresh", "1s");
        cp.put("mlctl.retrain.webhook.attempts", "2");
        cp.put("mlctl.retrain.webhook.delay", "50ms");
        cp.put("mlctl.retrain.dispatch-interval", "300ms");
        cp.put("mlctl.retrain.completion-interval", "300ms");
        cp.put("mlctl.kubernetes.master-url", cluster.client().getMasterUrl().toString());
        cp.put("mlctl.kubernetes.namespace", SERVING);
        kafka = track(new KafkaFeed());
        cp.putAll(kafka.serverProperties());
        controlPlane = track(ControlPlaneServer.start(database, cp));
        traffic = new Traffic(controlPlane, cluster.client());
        String editorToken = traffic.token("operator", "editor");
        // what the chart's ingest-token Secret holds: the operator copies it into the serving namespace
        String loggerToken = traffic.token("inference-loggers", "editor");

        int prometheusPort = PrometheusTestServer.freePort();
        startOperator(editorToken, loggerToken, prometheusPort);
        startLogger(loggerToken);
        rules = AlertRulesTest.writeRules(chart).resolve(AlertRulesTest.RULES_FILE);
        resources.add(() -> Chart.delete(rules.getParent()));
        prometheus = track(ScrapingPrometheus.start(prometheusPort, scrapeConfigs(), rules));

        traffic.setUp();
        kafka.setUp(controlPlane);
        Thread kubelet = new Thread(this::playKubelet, "sre-kubelet");
        kubelet.setDaemon(true);
        kubelet.start();
        traffic.startRollouts();
        Thread sender = new Thread(() -> {
            while (running) {
                try {
                    traffic.tick();
                    loggerTraffic();
                    kafka.tick();
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("traffic tick failed: {}", e.toString());
                }
            }
        }, "sre-traffic");
        sender.setDaemon(true);
        sender.start();
        awaitScenario();
    }

    /** fabric8's API server (CRUD), answering the operator's SelfSubjectRulesReview with the chart's Lease rules. */
    private void startCluster() throws Exception {
        JsonNode leaseRole = Chart.get(chart, "Role", "mlctl-operator-leader-election");
        cluster = TestCluster.start();
        resources.add(cluster);
        cluster.allowRules(leaseRole.path("rules").toString());
        KubernetesMockServer server = cluster.server();
        cluster.createNamespace(SERVING);
        cluster.createNamespace(Chart.NAMESPACE);
        Thread recorder = new Thread(() -> {
            while (running) {
                try {
                    RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        apiRequests.add(r);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sre-api-recorder");
        recorder.setDaemon(true);
        recorder.start();
    }

    /** As OperatorMain: JVM metrics and /metrics on an HTTP server, leader election on the chart's Lease. */
    private void startOperator(String token, String loggerToken, int prometheusPort) throws Exception {
        Config config = new ConfigBuilder(cluster.client().getConfiguration()).withUserAgent(OPERATOR_AGENT).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        resources.add(client);
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        HttpControlPlane cp = new HttpControlPlane(controlPlane.url(), token, Duration.ofSeconds(5));
        String lease = Chart.get(chart, "Role", "mlctl-operator-leader-election").at("/rules/1/resourceNames/0").asText();
        operator = RolloutOperator.create(new RolloutOperator.Settings(client, cp,
                new PrometheusClient(java.net.URI.create("http://127.0.0.1:" + prometheusPort), Duration.ofSeconds(2)),
                new ControlPlaneDrift(cp), new Strategies(new CanaryRun(), new ShadowRun(cp), new AbTestRun(cp)),
                registry, Clock.systemUTC(), Set.of(), false,
                leadership.configuration(lease, Chart.NAMESPACE, "mlctl-operator-0"), 4,
                new LoggerSidecar.Settings(operatorEnv("MLCTL_LOGGER_IMAGE"), controlPlane.url().toString(),
                        operatorEnv("MLCTL_LOGGER_TOKEN_SECRET"), loggerToken)));
        operatorMetrics = HTTPServer.builder().port(0).registry(registry).buildAndStart();
        operator.start();
    }

    /** A plain value the chart gives the operator in its environment. */
    private String operatorEnv(String name) {
        for (JsonNode e : Chart.get(chart, "Deployment", "mlctl-operator").at("/spec/template/spec/containers/0/env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new IllegalStateException("the chart gives the operator no " + name);
    }

    /**
     * The inference logger the operator puts in fraud-v2's pod, for real: {@code mlctl logger} as its own process in
     * front of a small OIP model server, sending half of the requests (by request id) to the control plane as samples
     * of version 2, with the token the operator copies into the namespace. (That token is an editor's here: the
     * logger reads its version's schema at start, which an ingest token may not.)
     */
    private void startLogger(String token) throws Exception {
        modelServer = track(OipModelServer.start(a -> Math.min(1, 0.2 + a / 200)));
        logger = LoggerProcess.start(modelServer.port(), controlPlane.url(), token, List.of("--protocol", "oip",
                "--model", "fraud", "--version", "2", "--sample-rate", "0.5", "--flush-interval", "1s"));
        resources.add(logger);
    }

    /** A few inferences a second through the logger, as the gateway would send them (with a request id). */
    private void loggerTraffic() {
        for (int i = 0; i < 4; i++) {
            int n = loggedRequests.incrementAndGet();
            try {
                loggerClient.send(java.net.http.HttpRequest.newBuilder(logger.url("/v2/models/fraud/infer"))
                        .header("Content-Type", "application/json").header("x-request-id", "sre-" + n)
                        .timeout(Duration.ofSeconds(10))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(OipModelServer.request(20 + n % 50, 40 + n % 30)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
                LOG.warn("inference through the logger failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The scrape jobs a ServiceMonitor would make: job = the Service's name, namespace/service/pod target labels,
     * the endpoint's path and honorLabels from the rendered ServiceMonitors.
     */
    private String scrapeConfigs() {
        StringBuilder sb = new StringBuilder();
        job(sb, "mlctl-control-plane", "127.0.0.1:" + controlPlane.url().getPort(), "control-plane");
        job(sb, "mlctl-operator", "127.0.0.1:" + operatorMetrics.getPort(), "operator");
        // the chart's PodMonitor: the loggers' admin port, with the pod's target labels
        sb.append("""
                - job_name: inference-loggers
                  static_configs:
                    - targets: ['127.0.0.1:%d']
                      labels: {namespace: %s, pod: %s, container: inference-logger}
                """.formatted(logger.adminPort(), SERVING, LOGGED_POD));
        sb.append("""
                - job_name: model-servers
                  honor_labels: true
                  static_configs:
                    - targets: ['%s']
                """.formatted(exporter.target()));
        return sb.toString();
    }

    private void job(StringBuilder sb, String service, String target, String component) {
        JsonNode endpoint = Chart.get(chart, "ServiceMonitor", service).at("/spec/endpoints/0");
        sb.append("""
                - job_name: %s
                  metrics_path: %s
                  honor_labels: %s
                  static_configs:
                    - targets: ['%s']
                      labels: {namespace: %s, service: %s, pod: %s-5d8c7b9f6-k2x7p, container: %s}
                """.formatted(service, endpoint.path("path").asText(), endpoint.path("honorLabels").asBoolean(false),
                target, Chart.NAMESPACE, service, service, component));
    }

    /** Plays the Deployment controller and kubelet: every model server becomes ready shortly after it is applied. */
    private void playKubelet() {
        while (running) {
            try {
                for (Deployment d : cluster.client().apps().deployments().inNamespace(SERVING).list().getItems()) {
                    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
                    if (ready == null || ready != want || !d.getMetadata().getGeneration().equals(observed)) {
                        cluster.markReady(SERVING, d.getMetadata().getName());
                    }
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("kubelet round failed: {}", e.toString());
            }
        }
    }

    /** Waits until the scenario has played out and Prometheus holds what the dashboards and alerts look at. */
    private void awaitScenario() throws InterruptedException {
        await("fraud-v2 rolled back on its p99 latency guardrail", () -> phase("fraud-v2") == RolloutPhase.ROLLED_BACK);
        await("ranker-v2 progressing at 20%", () -> phase("ranker-v2") == RolloutPhase.PROGRESSING
                && weight("ranker-v2") == 20);
        await("scorer-v2 paused on a guardrail without data", () -> phase("scorer-v2") == RolloutPhase.PAUSED);
        // deleting an unfinished rollout: the operator's finalizer gives the traffic back first, then lets it go
        cluster.client().resources(ModelRollout.class).inNamespace(SERVING).withName("scorer-v2").delete();
        await("scorer-v2 deleted after its cleanup", () -> cluster.rollout(SERVING, "scorer-v2") == null);
        traffic.completeRetrain();
        await("the auto-rollout the control plane created after the retrain", () ->
                cluster.rollout(SERVING, "fraud-v3") != null);
        for (String series : List.of(
                "mlctl_drift_share{model=\"fraud\",version=\"2\"}",
                "mlctl_drift_null_rate{feature=\"is_new\"}",
                "mlctl_rollouts_rolled_back_total{reason=\"guardrail_failed\"}",
                "mlctl_rollout_guardrail_threshold",
                "mlctl_experiment_lift",
                "mlctl_retrain_deliveries_total{result=\"failed\"}",
                "DCGM_FI_DEV_GPU_UTIL",
                "hikaricp_connections_active",
                "mlctl_operator_reconcile_duration_seconds_bucket",
                "mlctl_logger_samples_sent_total > 0",
                "mlctl_logger_requests_total{outcome=\"not_sampled\"} > 0",
                "mlctl_logger_overhead_seconds_bucket",
                "mlctl_kafka_lag_records",
                "mlctl_kafka_records_rejected_total{reason=\"malformed\"} > 0")) {
            await("Prometheus has " + series, () -> prometheus.query(series, Instant.now()).at("/data/result").size() > 0);
        }
        // every counter has a few scrapes of increase behind it, so rate() has something to say
        await("a few more seconds of traffic", () -> Duration.between(started, Instant.now()).toSeconds() > 40
                && traffic.ticks() >= 12);
    }

    RolloutPhase phase(String rollout) {
        ModelRollout r = cluster.rollout(SERVING, rollout);
        return r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
    }

    int weight(String rollout) {
        ModelRollout r = cluster.rollout(SERVING, rollout);
        return r == null || r.getStatus() == null || r.getStatus().getWeights() == null
                || r.getStatus().getWeights().candidate() == null ? -1 : r.getStatus().getWeights().candidate();
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " did not happen; rollouts: " + describeRollouts(), e);
        }
    }

    private String describeRollouts() {
        StringBuilder sb = new StringBuilder();
        for (ModelRollout r : cluster.client().resources(ModelRollout.class).inNamespace(SERVING).list().getItems()) {
            sb.append('\n').append(r.getMetadata().getName()).append(": ")
                    .append(r.getStatus() == null ? "(no status)" : r.getStatus().getPhase() + " " + r.getStatus().getMessage());
        }
        return sb.toString();
    }

    /** The API requests one client made (by its User-Agent). */
    List<RecordedRequest> requestsBy(Predicate<String> userAgent) {
        return apiRequests.stream().filter(r -> userAgent.test(String.valueOf(r.getHeader("User-Agent")))).toList();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (operator != null) {
            leadership.stopping();
            operator.close();
        }
        if (operatorMetrics != null) {
            operatorMetrics.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
        resources.clear();
    }
}
