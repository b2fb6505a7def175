package io.mlctl.operator.guardrail;

import io.mlctl.operator.testing.OpenMetrics;
import io.mlctl.operator.testing.PrometheusTestServer;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.Runtime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every guardrail preset evaluated by a real Prometheus over backfilled series named as Triton, vLLM and the DCGM
 * exporter name them; plus the ways a query gives no usable value.
 */
class PresetsOnRealPrometheusTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant QUERY_AT = T0.plus(Duration.ofMinutes(10));
    static final Instant SPIKE_AT = T0.plus(Duration.ofMinutes(20));
    static final String NS = "ml-serving";
    static PrometheusTestServer prometheus;
    static GuardrailEvaluator evaluator;

    static final GuardrailTarget FRAUD = new GuardrailTarget("fraud", NS, 7, 8, "fraud-v7", "fraud-v8", Runtime.TRITON, null, null);
    static final GuardrailTarget CHAT = new GuardrailTarget("chat", NS, 2, 3, "chat-v2", "chat-v3", Runtime.VLLM, null, null);
    static final GuardrailTarget QUIET = new GuardrailTarget("quiet", NS, 1, 2, "quiet-v1", "quiet-v2", Runtime.VLLM, null, null);
    static final GuardrailTarget IDLE = new GuardrailTarget("idle", NS, 1, 2, "idle-v1", "idle-v2", Runtime.TRITON, null, null);
    static final GuardrailTarget NOBODY = new GuardrailTarget("nobody", NS, 1, 2, "nobody-v1", "nobody-v2", Runtime.TRITON, null, null);

    @BeforeAll
    static void start() throws Exception {
        Instant end = T0.plus(Duration.ofMinutes(30));
        Duration step = Duration.ofSeconds(15);
        Map<String, String> fraud = Map.of("namespace", NS, "pod", "fraud-v8-5d8f7c9b4-x2k9p", "model", "fraud", "version", "1");
        Map<String, String> fraudOld = Map.of("namespace", NS, "pod", "fraud-v7-6c7d8e9f0-a1b2c", "model", "fraud", "version", "1");
        Map<String, String> chat = Map.of("namespace", NS, "pod", "chat-v3-7f6d5c4b3-qwert", "model_name", "chat");
        Map<String, String> quiet = Map.of("namespace", NS, "pod", "quiet-v2-7f6d5c4b3-asdfg");
        OpenMetrics om = new OpenMetrics()
                // Triton: summary quantile in microseconds, 180 ms then a spike to 400 ms; the baseline is slower
                .series("nv_inference_request_summary_us", with(fraud, "quantile", "0.99"), T0, end, step,
                        s -> s < 1200 ? 180_000 : 400_000)
                .series("nv_inference_request_summary_us", with(fraudOld, "quantile", "0.99"), T0, end, step, s -> 500_000)
                .series("nv_inference_request_summary_us", with(Map.of("namespace", NS, "pod", "idle-v2-1-2"), "quantile", "0.99"),
                        T0, end, step, s -> Double.NaN)
                .series("nv_inference_request_success", fraud, T0, end, step, s -> 100 * s)
                .series("nv_inference_request_failure", fraud, T0, end, step, s -> 1 * s)
                // vLLM: end-to-end latency and time-to-first-token histograms, HTTP requests by status class
                .series("vllm:e2e_request_latency_seconds_bucket", with(chat, "le", "0.1"), T0, end, step, s -> 50 * s)
                .series("vllm:e2e_request_latency_seconds_bucket", with(chat, "le", "0.5"), T0, end, step, s -> 90 * s)
                .series("vllm:e2e_request_latency_seconds_bucket", with(chat, "le", "1.0"), T0, end, step, s -> 99 * s)
                .series("vllm:e2e_request_latency_seconds_bucket", with(chat, "le", "2.5"), T0, end, step, s -> 100 * s)
                .series("vllm:e2e_request_latency_seconds_bucket", with(chat, "le", "+Inf"), T0, end, step, s -> 100 * s)
                .series("vllm:time_to_first_token_seconds_bucket", with(chat, "le", "0.05"), T0, end, step, s -> 80 * s)
                .series("vllm:time_to_first_token_seconds_bucket", with(chat, "le", "0.1"), T0, end, step, s -> 98 * s)
                .series("vllm:time_to_first_token_seconds_bucket", with(chat, "le", "0.25"), T0, end, step, s -> 100 * s)
                .series("vllm:time_to_first_token_seconds_bucket", with(chat, "le", "+Inf"), T0, end, step, s -> 100 * s)
                .series("http_requests_total", with(chat, "status", "2xx"), T0, end, step, s -> 10 * s)
                .series("http_requests_total", with(chat, "status", "5xx"), T0, end, step, s -> 0.1 * s)
                .series("http_requests_total", with(quiet, "status", "2xx"), T0, end, step, s -> 10 * s)
                // NVIDIA DCGM exporter, with pod attribution: framebuffer MiB used, GPU utilisation percent (2 GPUs)
                .series("DCGM_FI_DEV_FB_USED", with(fraud, "gpu", "0"), T0, end, step, s -> 20480)
                .series("DCGM_FI_DEV_FB_USED", with(fraud, "gpu", "1"), T0, end, step, s -> 30720)
                .series("DCGM_FI_DEV_GPU_UTIL", with(fraud, "gpu", "0"), T0, end, step, s -> 50)
                .series("DCGM_FI_DEV_GPU_UTIL", with(fraud, "gpu", "1"), T0, end, step, s -> 70);
        prometheus = PrometheusTestServer.start(om);
        evaluator = new GuardrailEvaluator(new PrometheusClient(prometheus.url(), Duration.ofSeconds(5)),
                (drift, target) -> new Reading.Missing("no drift in this test"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String k, String v) {
        java.util.Map<String, String> m = new java.util.HashMap<>(labels);
        m.put(k, v);
        return m;
    }

    private static Measurement one(String preset, Double max, GuardrailTarget target, Instant at) {
        GuardrailMetric m = new GuardrailMetric("g", preset, null, null, null, max);
        return evaluator.evaluate(List.of(m), target, at).get(0);
    }

    @Test
    void tritonLatencyP99InMillisecondsSelectsOnlyTheCandidatesPods() {
        Measurement m = one("latency-p99", 250.0, FRAUD, QUERY_AT);
        assertEquals(GuardrailResult.PASSED, m.result(), m.message());
        assertEquals(180.0, m.value(), 1e-9);
        Measurement spike = one("latency-p99", 250.0, FRAUD, SPIKE_AT.plus(Duration.ofMinutes(1)));
        assertEquals(GuardrailResult.FAILED, spike.result());
        assertEquals(400.0, spike.value(), 1e-9);
        assertEquals("g 400 is above its max 250", spike.message());
    }

    @Test
    void tritonErrorRateFromSuccessAndFailureCounters() {
        Measurement m = one("error-rate", 0.02, FRAUD, QUERY_AT);
        assertEquals(GuardrailResult.PASSED, m.result(), m.message());
        assertEquals(1.0 / 101.0, m.value(), 1e-6);
        assertEquals(GuardrailResult.FAILED, one("error-rate", 0.005, FRAUD, QUERY_AT).result());
    }

    @Test
    void vllmLatencyTimeToFirstTokenAndErrorRate() {
        assertEquals(1000.0, one("latency-p99", 2000.0, CHAT, QUERY_AT).value(), 1e-6);
        assertEquals(175.0, one("ttft-p99", 200.0, CHAT, QUERY_AT).value(), 1e-6);
        assertEquals(0.1 / 10.1, one("error-rate", 0.05, CHAT, QUERY_AT).value(), 1e-6);
        // no 5xx series at all is a zero error rate, not missing data
        Measurement quiet = one("error-rate", 0.05, QUIET, QUERY_AT);
        assertEquals(GuardrailResult.PASSED, quiet.result(), quiet.message());
        assertEquals(0.0, quiet.value(), 0.0);
    }

    @Test
    void dcgmGpuMemoryInGibAndUtilisationInPercent() {
        Measurement memory = one("gpu-memory", 38.0, FRAUD, QUERY_AT);
        assertEquals(30.0, memory.value(), 1e-9, "the fuller of the two GPUs, 30720 MiB");
        assertEquals(60.0, one("gpu-utilization", 100.0, FRAUD, QUERY_AT).value(), 1e-9);
    }

    @Test
    void noSeriesNanAndUnavailablePresetsAreInconclusive() {
        Measurement none = one("latency-p99", 250.0, NOBODY, QUERY_AT);
        assertEquals(GuardrailResult.INCONCLUSIVE, none.result());
        assertNull(none.value());
        assertEquals("no data: the query matched no series", none.message());
        Measurement nan = one("latency-p99", 250.0, IDLE, QUERY_AT);
        assertEquals(GuardrailResult.INCONCLUSIVE, nan.result());
        assertTrue(nan.message().contains("NaN"), nan.message());
        Measurement ttft = one("ttft-p99", 250.0, FRAUD, QUERY_AT);
        assertEquals("preset ttft-p99 is not available for runtime triton", ttft.message());
        // before the series start there is no data either: never a pass
        assertEquals(GuardrailResult.INCONCLUSIVE, one("gpu-memory", 38.0, FRAUD, T0.minus(Duration.ofHours(1))).result());
    }

    @Test
    void templatedQueriesAndBadQueries() {
        GuardrailMetric custom = new GuardrailMetric("old-vs-new", null,
                "max(nv_inference_request_summary_us{namespace=\"{{namespace}}\", pod=~\"{{baselineServer}}-.*\", quantile=\"0.99\"})"
                        + " / max(nv_inference_request_summary_us{namespace=\"{{namespace}}\", pod=~\"{{model}}-v{{candidate}}-.*\", quantile=\"0.99\"})",
                null, 1.5, null);
        Measurement m = evaluator.evaluate(List.of(custom), FRAUD, QUERY_AT).get(0);
        assertEquals(500.0 / 180.0, m.value(), 1e-9);
        assertEquals(GuardrailResult.PASSED, m.result());
        GuardrailMetric bad = new GuardrailMetric("bad", null, "sum(rate(", null, null, 1.0);
        Measurement b = evaluator.evaluate(List.of(bad), FRAUD, QUERY_AT).get(0);
        assertEquals(GuardrailResult.INCONCLUSIVE, b.result());
        assertTrue(b.message().startsWith("Prometheus rejected the query: bad_data"), b.message());
    }

    @Test
    void unreachablePrometheusIsInconclusive() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        GuardrailEvaluator down = new GuardrailEvaluator(
                new PrometheusClient(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2)), (d, t) -> null);
        Measurement m = down.evaluate(List.of(new GuardrailMetric("p99", "latency-p99", null, null, null, 250.0)), FRAUD, QUERY_AT).get(0);
        assertEquals(GuardrailResult.INCONCLUSIVE, m.result());
        assertTrue(m.message().startsWith("Prometheus at http://127.0.0.1:" + closed + "/ is unreachable"), m.message());
        // a drift guardrail reads from its own source
        GuardrailMetric drift = new GuardrailMetric("psi", null, null, new DriftGuardrail("__prediction__", "psi"), null, 0.2);
        GuardrailEvaluator withDrift = new GuardrailEvaluator(null, (d, t) -> new Reading.Value(0.31));
        Measurement dm = withDrift.evaluate(List.of(drift), FRAUD, QUERY_AT).get(0);
        assertEquals(GuardrailResult.FAILED, dm.result());
        assertEquals("psi 0.31 is above its max 0.2", dm.message());
    }
}
