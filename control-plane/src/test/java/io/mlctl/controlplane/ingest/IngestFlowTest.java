package io.mlctl.controlplane.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference upload, ingest with idempotency and validation, window close, report and gauges, on H2 and PostgreSQL. */
class IngestFlowTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "4s", "mlctl.drift.grace", "1s",
                "mlctl.drift.close-interval", "200ms", "mlctl.drift.close-initial-delay", "0s");
    }

    private Object registeredOn;

    @BeforeEach
    void models() {
        if (registeredOn != server) { // once per server (the class runs on H2, then on PostgreSQL)
            Registry.modelWithVersion(http, "fraud");
            Registry.modelWithVersion(http, "nodata");
            registeredOn = server;
        }
    }

    private String model() {
        return "fraud";
    }

    private TestHttp.Response samples(String model, String key, String body, boolean partial) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model
                        + "/versions/1/samples" + (partial ? "?partial=true" : "")))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b);
    }

    private TestHttp.Response uploadReference(String model) {
        return http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                SampleData.referenceCsv(5000, 1));
    }

    @Test
    void referenceThenSamplesThenReportAndGauges() throws Exception {
        String k = kind.name();
        TestHttp.Response ref = uploadReference(model()).assertStatus(200);
        assertEquals(5000, ref.json().path("rows").asLong());
        assertEquals(4, ref.json().path("features").size());
        assertEquals("__prediction__", ref.json().path("features").get(3).path("name").asText());
        assertEquals(9, ref.json().path("features").get(0).path("edges").size());
        http.get("/api/v1/models/fraud/versions/1/profile").assertStatus(200);

        Instant ts = Instant.now();
        String drifted = SampleData.samples(1000, 7, 1.0, ts);
        TestHttp.Response first = samples(model(), "batch-1-" + k, drifted, false).assertStatus(200);
        assertEquals(1000, first.json().path("accepted").asInt());
        assertFalse(first.json().path("duplicate").asBoolean());

        TestHttp.Response again = samples(model(), "batch-1-" + k, drifted, false).assertStatus(200);
        assertTrue(again.json().path("duplicate").asBoolean());
        assertEquals(first.json().path("batchId").asLong(), again.json().path("batchId").asLong());

        samples(model(), "batch-1-" + k, SampleData.samples(10, 8, 0, ts), false).assertProblem(409);

        String mixed = SampleData.samples(3, 9, 1.0, ts)
                + "{\"features\":{\"amount\":-5},\"prediction\":0.5}\n"
                + "not json\n"
                + "{\"features\":{\"amount\":1,\"colour\":\"red\"}}\n";
        TestHttp.Response bad = samples(model(), "batch-2-" + k, mixed, false).assertProblem(422);
        JsonNode errors = bad.json().path("errors");
        assertEquals(3, errors.size(), bad.body());
        assertEquals(4, errors.get(0).path("line").asInt());
        assertEquals("features.amount", errors.get(0).path("field").asText());
        assertEquals(5, errors.get(1).path("line").asInt());
        assertEquals(6, errors.get(2).path("line").asInt());
        assertTrue(errors.get(2).path("reason").asText().contains("colour"), bad.body());

        TestHttp.Response part = samples(model(), "batch-2-" + k, mixed, true).assertStatus(200);
        assertEquals(3, part.json().path("accepted").asInt());
        assertEquals(3, part.json().path("rejected").asInt());

        // every accepted row lands in exactly one closed window's report
        long deadline = System.currentTimeMillis() + 20_000;
        long rows = 0;
        JsonNode list = null;
        while (System.currentTimeMillis() < deadline) {
            list = http.get("/api/v1/models/fraud/drift?version=1").assertStatus(200).json();
            rows = 0;
            for (JsonNode r : list.path("items")) {
                rows += r.path("rows").asLong();
            }
            if (rows >= 1003) {
                break;
            }
            Thread.sleep(300);
        }
        assertEquals(1003, rows, String.valueOf(list));
        JsonNode latest = http.get("/api/v1/models/fraud/versions/1/drift/latest").assertStatus(200).json();
        JsonNode report = http.get("/api/v1/drift/reports/" + latest.path("id").asLong()).assertStatus(200).json();
        assertEquals(4, report.path("features").size());
        assertTrue(report.path("datasetDrift").asBoolean(), report.toString());
        JsonNode amount = report.path("features").get(0);
        assertEquals("amount", amount.path("name").asText());
        assertEquals("drift", amount.path("verdict").asText());
        assertTrue(amount.path("psi").asDouble() > 0.25, amount.toString());

        String metrics = http.get("/metrics").assertStatus(200).body();
        assertTrue(metrics.contains("mlctl_drift_psi{feature=\"amount\",model=\"fraud\",version=\"1\"}"), metrics);
        assertTrue(metrics.contains("mlctl_drift_detected{feature=\"__dataset__\",model=\"fraud\",version=\"1\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("mlctl_samples_ingested_total{model=\"fraud\",version=\"1\"} 1003.0"), metrics);
        assertTrue(metrics.contains("mlctl_samples_rejected_total{model=\"fraud\",reason=\"out_of_domain\","
                + "version=\"1\"} 2.0"), metrics);
    }

    @Test
    void samplesBeforeAnyReferenceAre409AndKeyIsRequired() {
        samples("nodata", "k-" + kind, SampleData.samples(2, 1, 0, Instant.now()), false).assertProblem(409);
        samples("nodata", null, SampleData.samples(2, 1, 0, Instant.now()), false).assertProblem(400);
        samples("nosuchmodel", "k", SampleData.samples(2, 1, 0, Instant.now()), false).assertProblem(404);
    }
}
