package io.mlctl.controlplane.metrics;

import io.mlctl.testsupport.ControlPlaneTest;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest extends ControlPlaneTest {

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
    }

    @Test
    void openMetricsOnRequest() {
        var r = server.http(null).send(java.net.http.HttpRequest.newBuilder(server.url().resolve("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        r.assertStatus(200);
        assertTrue(r.contentType().startsWith("application/openmetrics-text"), r.contentType());
        assertTrue(r.body().trim().endsWith("# EOF"));
    }
}
