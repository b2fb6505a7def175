package io.mlctl.operator.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.mlctl.operator.testing.OpenMetrics;
import io.mlctl.operator.testing.PrometheusTestServer;
import io.mlctl.operator.testing.Registry;
import io.mlctl.operator.testing.SharedControlPlane;
import io.mlctl.operator.testing.TestCluster;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.testsupport.ControlPlaneServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;

/**
 * 200 concurrent ModelRollouts against fabric8's in-process API server, with the real control plane and a real
 * Prometheus. The operator runs as its own process ({@code OperatorMain}, as in a cluster) so its memory is its own;
 * reconcile latency comes from its {@code mlctl_operator_reconcile_duration_seconds} histogram. Not a test: it runs
 * only with {@code -Dmlctl.bench=true} (command in docs/BENCHMARKS.md) and prints its figures.
 */
class RolloutBenchmark {
    static final int ROLLOUTS = Integer.getInteger("mlctl.bench.rollouts", 200);
    static final String NS = "bench";

    @Test
    void twoHundredConcurrentRollouts() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("mlctl.bench"), "benchmark: run with -Dmlctl.bench=true");
        Instant t0 = Instant.now();
        ControlPlaneServer cp = SharedControlPlane.get();
        try (TestCluster cluster = TestCluster.start();
             PrometheusTestServer prometheus = PrometheusTestServer.start(new OpenMetrics())) {
            Registry registry = new Registry(cp);
            List<int[]> versions = new ArrayList<>();
            for (int i = 0; i < ROLLOUTS; i++) {
                String model = model(i);
                registry.model(model);
                int v1 = registry.version(model, "triton", null, 1);
                int v2 = registry.version(model, "triton", null, 1);
                registry.alias(model, "production", v1);
                versions.add(new int[]{v1, v2});
            }
            System.out.printf(Locale.ROOT, "registered %d models in %s%n", ROLLOUTS, Duration.between(t0, Instant.now()));

            // the kubelet: every model-server Deployment becomes ready
            var watch = cluster.client().apps().deployments().inNamespace(NS).watch(new Watcher<Deployment>() {
                @Override
                public void eventReceived(Action action, Deployment d) {
                    if (action != Action.DELETED && (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                            || d.getStatus().getObservedGeneration() < d.getMetadata().getGeneration())) {
                        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                        d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                                .withUpdatedReplicas(replicas).withAvailableReplicas(replicas)
                                .withObservedGeneration(d.getMetadata().getGeneration()).build());
                        try {
                            cluster.client().apps().deployments().inNamespace(NS).resource(d).updateStatus();
                        } catch (RuntimeException conflict) {
                            // a newer generation arrives as its own event
                        }
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });

            int metricsPort;
            try (ServerSocket s = new ServerSocket(0)) {
                metricsPort = s.getLocalPort();
            }
            Path kubeconfig = Files.createTempFile("bench", ".kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"}}]
                    users: [{name: u, user: {token: t}}]
                    contexts: [{name: mock, context: {cluster: mock, user: u, namespace: %s}}]
                    current-context: mock
                    """.formatted(cluster.client().getConfiguration().getMasterUrl(), NS));
            Path log = Files.createTempFile("bench-operator", ".log");
            System.out.println("operator log: " + log);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), "io.mlctl.operator.OperatorMain")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "MLCTL_SERVER", cp.url().toString(),
                    "MLCTL_TOKEN", cp.adminToken(), "MLCTL_PROMETHEUS_URL", prometheus.url().toString(),
                    "MLCTL_METRICS_PORT", Integer.toString(metricsPort), "MLCTL_LEADER_ELECTION", "false",
                    "MLCTL_SERVER_SIDE_APPLY", "false", "MLCTL_WATCH_NAMESPACES", NS, "MLCTL_LOG_LEVEL", System.getProperty("mlctl.bench.log", "WARN"), "MLCTL_TEST_LOG", System.getProperty("mlctl.bench.log", "WARN")));
            Process operator = pb.start();
            try {
                awaitMetrics(metricsPort, operator, log);
                Instant start = Instant.now();
                ExecutorService pool = Executors.newFixedThreadPool(16);
                List<Future<?>> created = new ArrayList<>();
                for (int i = 0; i < ROLLOUTS; i++) {
                    int n = i;
                    created.add(pool.submit(() -> cluster.client().resources(ModelRollout.class).inNamespace(NS).resource(
                            rollout(NS, model(n) + "-canary", model(n), Integer.toString(versions.get(n)[1]),
                                    canary("10:2s", "50:2s"),
                                    new GuardrailsSpec("1s", 0, 5, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                                            new GuardrailMetric("p99-latency-ms", null,
                                                    "max(vector(120)) + 0 * count(up{namespace=\"{{namespace}}\", pod=~\"{{candidateServer}}-.*\"} or vector(0))",
                                                    null, null, 250.0))), false)).create()));
                }
                for (Future<?> f : created) {
                    f.get();
                }
                pool.shutdown();
                long peakHeap = 0;
                long succeeded = 0;
                while (succeeded < ROLLOUTS) {
                    if (!operator.isAlive()) {
                        throw new IllegalStateException("operator died: " + Files.readString(log));
                    }
                    if (Duration.between(start, Instant.now()).toMinutes() > 10) {
                        throw new IllegalStateException("only " + succeeded + " of " + ROLLOUTS + " rollouts succeeded in 10 minutes");
                    }
                    Thread.sleep(2000);
                    succeeded = cluster.client().resources(ModelRollout.class).inNamespace(NS).list().getItems().stream()
                            .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == RolloutPhase.SUCCEEDED).count();
                    peakHeap = Math.max(peakHeap, sample(scrape(metricsPort), "jvm_memory_used_bytes", "area=\"heap\""));
                }
                Duration all = Duration.between(start, Instant.now());
                String metrics = scrape(metricsPort);
                Map<Double, Double> buckets = buckets(metrics);
                double count = sample(metrics, "mlctl_operator_reconcile_duration_seconds_count", null);
                long rss = sample(metrics, "process_resident_memory_bytes", null);
                double cpu = sampleDouble(metrics, "process_cpu_seconds_total");
                String load = Files.readString(Path.of("/proc/loadavg")).trim();
                new ProcessBuilder("jcmd", Long.toString(operator.pid()), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
                long heapAfterGc = sample(scrape(metricsPort), "jvm_memory_used_bytes", "area=\"heap\"");
                String peakRss = Files.readAllLines(Path.of("/proc/" + operator.pid() + "/status")).stream()
                        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
                System.out.printf(Locale.ROOT, """
                                %n==== %d concurrent ModelRollouts (canary 10%% 2s -> 50%% 2s -> promote, guardrail every 1s) ====
                                all promoted after        %.1f s
                                reconciliations           %.0f
                                reconcile p50             %.1f ms
                                reconcile p90             %.1f ms
                                reconcile p99             %.1f ms
                                operator heap, peak       %.1f MiB
                                operator heap after GC    %.1f MiB (informer caches: the rollouts, 2 Deployments, 2 Services, 1 HTTPRoute each)
                                operator RSS              %.1f MiB (%s)
                                operator CPU              %.1f s in all (%.1f ms per reconciliation, JVM start included)
                                load average at the end   %s
                                %n""", ROLLOUTS, all.toMillis() / 1000.0, count, 1000 * quantile(buckets, 0.5),
                        1000 * quantile(buckets, 0.9), 1000 * quantile(buckets, 0.99), peakHeap / 1048576.0,
                        heapAfterGc / 1048576.0, rss / 1048576.0, peakRss, cpu, 1000 * cpu / count, load);
            } finally {
                operator.destroy();
                operator.waitFor(20, TimeUnit.SECONDS);
                watch.close();
            }
        }
    }

    private static String model(int i) {
        return String.format(Locale.ROOT, "bench-%03d", i);
    }

    private static void awaitMetrics(int port, Process operator, Path log) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("operator exited: " + Files.readString(log));
            }
            try {
                scrape(port);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("operator /metrics never answered: " + Files.readString(log));
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long sample(String metrics, String name, String label) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (label == null || line.contains(label)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return (long) sum;
    }

    private static double sampleDouble(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Cumulative counts by upper bound of the reconcile histogram. */
    private static Map<Double, Double> buckets(String metrics) {
        Pattern p = Pattern.compile("^mlctl_operator_reconcile_duration_seconds_bucket\\{.*le=\"([^\"]+)\".*} (\\S+)$");
        Map<Double, Double> out = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                out.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    /** As Prometheus' histogram_quantile: linear within the bucket that holds the rank. */
    static double quantile(Map<Double, Double> cumulative, double q) {
        double total = cumulative.get(Double.POSITIVE_INFINITY);
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                return lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / Math.max(1e-9, e.getValue() - lowerCount);
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }
}
