package io.mlctl.controlplane.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.drift.DriftLagMetrics;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.ControlPlaneTest;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "2s", "mlctl.drift.grace", "1s", "mlctl.drift.close-interval", "200ms",
                "mlctl.drift.close-initial-delay", "0s", "mlctl.retrain.webhook.attempts", "2",
                "mlctl.retrain.webhook.delay", "50ms", "mlctl.retrain.dispatch-interval", "300ms");
    }

    @Test
    void oneEndpointServesMicrometerAndPrometheusClientMetrics() {
        Counter c = Counter.builder().name("mlctl_test_things_total").help("things counted by a test")
                .labelNames("reason").register(server.bean(PrometheusRegistry.class));
        c.labelValues("because").inc(3);
        http.get("/api/v1/tokens").assertStatus(200);

        var r = server.http(null).get("/metrics").assertStatus(200);
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        String body = r.body();
        assertTrue(body.contains("mlctl_test_things_total{reason=\"because\"} 3.0"), body);
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(body.contains("http_server_requests_seconds_bucket"), "HTTP server histogram");
        assertTrue(body.contains("uri=\"/api/v1/tokens\""), "HTTP server metrics by route");
        assertTrue(body.contains("hikaricp_connections_max{pool=\"mlctl\"}"), "database pool metrics");
        assertTrue(body.contains("hikaricp_connections_pending{pool=\"mlctl\"}"), body);
        assertTrue(body.contains("mlctl_control_plane_info{version=\""), "the always-present info series");
    }

    @Test
    void openMetricsOnRequest() {
        var r = server.http(null).send(java.net.http.HttpRequest.newBuilder(server.url().resolve("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        r.assertStatus(200);
        assertTrue(r.contentType().startsWith("application/openmetrics-text"), r.contentType());
        assertTrue(r.body().trim().endsWith("# EOF"));
    }

    /**
     * The monitoring series the dashboards and alerts need beyond the list in docs/DESIGN.md "Metrics": null rates, drift share, sample
     * freshness, drift window lag and failed retrain deliveries.
     */
    @Test
    void nullRatesDriftShareFreshnessLagAndFailedDeliveries() throws Exception {
        String model = "metrics-" + kind.name().toLowerCase();
        Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                SampleData.referenceCsv(2000, 1)).assertStatus(200);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", "http://127.0.0.1:" + closed + "/hook",
                "on", "psi>=0.25", "minDriftShare", 0.5, "consecutive", 1, "cooldown", "1h")).assertStatus(200);

        // a drifted batch where every 4th row has no is_new: a 25% null rate
        StringBuilder batch = new StringBuilder();
        String[] lines = SampleData.samples(400, 5, 1.0, Instant.now()).split("\n");
        for (int i = 0; i < lines.length; i++) {
            batch.append(i % 4 == 0 ? lines[i].replaceAll(",\"is_new\":(true|false)", "") : lines[i]).append('\n');
        }
        double before = Instant.now().getEpochSecond();
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "nulls-1")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))).assertStatus(200);
        double after = Instant.now().getEpochSecond() + 1;

        // the batch's window (or, once it closed, the hour it rolled up into, which stays open until the hour is
        // over) is overdue two hours from now; now nothing is late by more than the closer's period
        DriftLagMetrics lag = server.bean(DriftLagMetrics.class);
        double overdue = lag.lag(Instant.now().plus(Duration.ofHours(2))).values().stream()
                .mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(overdue > 3500 && overdue <= 7200, "lag " + overdue);
        assertTrue(lag.lag(Instant.now()).values().stream().allMatch(s -> s < 5), lag.lag(Instant.now()).toString());

        JsonNode report = await(() -> http.get("/api/v1/models/" + model + "/versions/1/drift/latest"),
                r -> r.status() == 200).json();
        String v = "model=\"" + model + "\",version=\"1\"";
        String metrics = await(() -> http.get("/metrics").body(),
                b -> b.contains("mlctl_retrain_deliveries_total{" + v.replace(",version=\"1\"", "") + ",result=\"failed\"} 1.0"));
        assertEquals(0.25, value(metrics, "mlctl_drift_null_rate{feature=\"is_new\"," + v + "}"), 1e-12);
        assertEquals(0.0, value(metrics, "mlctl_drift_null_rate{feature=\"amount\"," + v + "}"), 1e-12);
        assertEquals(report.path("driftShare").asDouble(), value(metrics, "mlctl_drift_share{" + v + "}"), 1e-12);
        double last = value(metrics, "mlctl_samples_last_ingested_timestamp_seconds{" + v + "}");
        assertTrue(last >= before && last <= after, last + " not in [" + before + ", " + after + "]");
        assertTrue(value(metrics, "mlctl_drift_window_lag_seconds{granularity=\"window\"}") >= 0, metrics);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), series + " not in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    private static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        T last = read.get();
        while (!done.test(last)) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out; last: " + last);
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }
}
