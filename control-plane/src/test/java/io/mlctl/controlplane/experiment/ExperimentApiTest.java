package io.mlctl.controlplane.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.experiment.StickyAssignment;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mlctl.controlplane.experiment.ExperimentFixtures.events;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.experiment;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The experiments REST API against the real control plane, on H2 and on PostgreSQL. */
class ExperimentApiTest extends ControlPlaneTest {

    @BeforeEach
    void registerFraud() {
        ExperimentFixtures.registerModel(http, "fraud", 8);
    }

    @Test
    void createGetListAndDuplicate() {
        TestHttp.Response r = http.post("/api/v1/experiments", experiment("checkout-a")).assertStatus(201);
        assertEquals("/api/v1/experiments/checkout-a", r.headers().firstValue("Location").orElse(""));
        JsonNode e = r.json();
        assertEquals("checkout-a", e.path("id").asText());
        assertEquals("running", e.path("status").asText());
        assertEquals(3841, e.at("/samples/required/control").asLong());
        assertEquals(3841, e.at("/samples/required/treatment").asLong());
        assertEquals(0.05, e.path("alpha").asDouble());
        assertEquals("holm", e.path("correction").asText());
        assertEquals("guardrail", e.at("/metrics/1/role").asText());
        assertEquals("primary", e.at("/metrics/0/role").asText(), "role defaults to primary");

        assertEquals("fraud", http.get("/api/v1/experiments/checkout-a").assertStatus(200).json().path("model").asText());
        JsonNode list = http.get("/api/v1/experiments?model=fraud").assertStatus(200).json();
        assertTrue(list.path("total").asLong() >= 1);
        assertTrue(list.path("items").findValuesAsText("id").contains("checkout-a"));

        http.post("/api/v1/experiments", experiment("checkout-a")).assertProblem(409);
        http.get("/api/v1/experiments/nope").assertProblem(404);
        JsonNode audit = http.get("/api/v1/audit?target=experiments/checkout-a").assertStatus(200).json();
        assertEquals("experiment.create", audit.at("/items/0/action").asText());
    }

    @Test
    void unequalSplitSizesTheArmsByTheirRatio() {
        Map<String, Object> body = experiment("split-90-10");
        body.put("arms", List.of(Map.of("name", "control", "weight", 90), Map.of("name", "treatment", "weight", 10)));
        body.put("metrics", List.of(Map.of("name", "conversion", "type", "proportion", "baseline", 0.1, "mdeAbsolute", 0.02)));
        JsonNode e = http.post("/api/v1/experiments", body).assertStatus(201).json();
        // k = 10/90: the treatment arm is 1/9 of the control arm
        long c = e.at("/samples/required/control").asLong();
        long t = e.at("/samples/required/treatment").asLong();
        assertEquals((long) Math.ceil(c * (10.0 / 90)), t);
        assertTrue(c > 3 * t);
    }

    @Test
    void assignmentIsStickyAndFollowsTheDocumentedHash() {
        http.post("/api/v1/experiments", experiment("assign-a")).assertStatus(201);
        String viewer = http.post("/api/v1/tokens", Map.of("name", "assign-viewer", "role", "viewer")).assertStatus(201)
                .json().path("token").asText();
        TestHttp asViewer = server.http(viewer);
        for (int i = 0; i < 50; i++) {
            JsonNode a = asViewer.get("/api/v1/experiments/assign-a/assign?unit=user-" + i).assertStatus(200).json();
            String expected = StickyAssignment.arm("assign-a-salt", "user-" + i,
                    List.of(new StickyAssignment.WeightedArm("control", 50), new StickyAssignment.WeightedArm("treatment", 50)));
            assertEquals(expected, a.path("arm").asText());
            assertEquals(expected.equals("control") ? "7" : "8", a.path("version").asText());
            assertEquals(StickyAssignment.bucket("assign-a-salt", "user-" + i, 100), a.path("bucket").asLong());
        }
        http.get("/api/v1/experiments/assign-a/assign").assertProblem(400);
        http.get("/api/v1/experiments/nope/assign?unit=u").assertProblem(404);
        // a viewer may assign but not write
        events(asViewer, server.url(), "assign-a", "k", "{\"type\":\"exposure\",\"unit\":\"u\"}").assertProblem(403);
    }

    @Test
    void unitsCountOncePerArmAndBatchesOnce() throws Exception {
        http.post("/api/v1/experiments", experiment("count-a")).assertStatus(201);
        String batch = """
                {"type":"exposure","unit":"u1","arm":"control"}
                {"type":"exposure","unit":"u1","arm":"control"}
                {"type":"exposure","unit":"u2","arm":"treatment"}
                {"type":"metric","unit":"u2","arm":"treatment","metric":"conversion","value":1}
                {"type":"metric","unit":"u2","arm":"treatment","metric":"conversion","value":true}
                {"type":"metric","unit":"u3","arm":"treatment","metric":"latency-ms","value":120.5}
                {"type":"metric","unit":"u3","arm":"treatment","metric":"latency-ms","value":10}
                """;
        JsonNode first = events(http, server.url(), "count-a", "batch-1", batch).assertStatus(200).json();
        assertFalse(first.path("duplicate").asBoolean());
        assertEquals(7, first.path("events").asInt());
        assertEquals(3, first.path("exposures").asInt(), "u1, u2 and u3 (a metric event exposes its unit)");
        assertEquals(4, first.path("metricValues").asInt());
        Map<String, Long> after = rows(database, "count-a");

        JsonNode again = events(http, server.url(), "count-a", "batch-1", batch).assertStatus(200).json();
        assertTrue(again.path("duplicate").asBoolean());
        assertEquals(first.path("acceptedAt").asText(), again.path("acceptedAt").asText());
        assertEquals(after, rows(database, "count-a"), "a repeated batch changes nothing");

        // a new batch with the same units: exposures are not counted again, conversion stays 1 per unit
        events(http, server.url(), "count-a", "batch-2", """
                {"type":"exposure","unit":"u1","arm":"control"}
                {"type":"metric","unit":"u2","arm":"treatment","metric":"conversion","value":1}
                {"type":"metric","unit":"u3","arm":"treatment","metric":"latency-ms","value":-30.5}
                """).assertStatus(200);
        JsonNode e = http.get("/api/v1/experiments/count-a").json();
        assertEquals(1, e.at("/samples/observed/control").asLong());
        assertEquals(2, e.at("/samples/observed/treatment").asLong());
        JsonNode report = http.get("/api/v1/experiments/count-a/report").assertStatus(200).json();
        JsonNode conv = report.at("/metrics/0/arms/1");
        assertEquals(1, conv.path("conversions").asLong());
        assertEquals(0.5, conv.path("rate").asDouble(), 1e-12);
        // latency of u3 = 120.5 + 10 - 30.5 = 100; u2 has none, so 0: mean 50, sample sd sqrt(5000)
        JsonNode lat = report.at("/metrics/1/arms/1");
        assertEquals(50, lat.path("mean").asDouble(), 1e-9);
        assertEquals(Math.sqrt(5000), lat.path("sd").asDouble(), 1e-9);
    }

    @Test
    void concurrentBatchesNeverCountAUnitTwice() throws Exception {
        http.post("/api/v1/experiments", experiment("race-a")).assertStatus(201);
        // 8 senders, overlapping units (each batch has units 0..299 shifted by 100 per sender), two senders per key
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<TestHttp.Response>> answers = new java.util.ArrayList<>();
        for (int s = 0; s < 8; s++) {
            int shift = (s / 2) * 100;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                b.append("{\"type\":\"metric\",\"unit\":\"u").append(shift + i)
                        .append("\",\"arm\":\"control\",\"metric\":\"conversion\",\"value\":1}\n");
            }
            String key = "race-" + (s / 2);
            answers.add(pool.submit(() -> events(http, server.url(), "race-a", key, b.toString())));
        }
        int duplicates = 0;
        for (var f : answers) {
            duplicates += f.get().assertStatus(200).json().path("duplicate").asBoolean() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(4, duplicates, "each key is folded once; its twin gets the first answer");
        // units u0..u599: 600 distinct, each converted once
        JsonNode report = http.get("/api/v1/experiments/race-a/report").json();
        assertEquals(600, report.at("/samples/observed/control").asLong());
        assertEquals(600, report.at("/metrics/0/arms/0/conversions").asLong());
    }

    @Test
    void theSameKeyForADifferentBatchIsAConflict() throws Exception {
        http.post("/api/v1/experiments", experiment("key-a")).assertStatus(201);
        events(http, server.url(), "key-a", "k1", "{\"type\":\"exposure\",\"unit\":\"a\"}\n").assertStatus(200);
        Map<String, Long> before = rows(database, "key-a");
        TestHttp.Response r = events(http, server.url(), "key-a", "k1", "{\"type\":\"exposure\",\"unit\":\"b\"}\n").assertProblem(409);
        assertTrue(r.detail().contains("already used for a different batch"), r.body());
        events(http, server.url(), "key-a", null, "{\"type\":\"exposure\",\"unit\":\"b\"}\n").assertProblem(400);
        assertEquals(before, rows(database, "key-a"));
    }

    @Test
    void reportHasTheShapeTheRolloutOperatorReads() {
        http.post("/api/v1/experiments", experiment("shape-a")).assertStatus(201);
        JsonNode r = http.get("/api/v1/experiments/shape-a/report").assertStatus(200).json();
        assertEquals("KEEP_RUNNING", r.path("verdict").asText());
        assertFalse(r.path("reason").asText().isBlank());
        assertEquals(3841, r.at("/samples/required/treatment").asLong());
        assertEquals(0, r.at("/samples/observed/treatment").asLong());
        assertFalse(r.at("/srm/evaluated").asBoolean());
        // JSON unless HTML is asked for first
        TestHttp.Response html = http.send(java.net.http.HttpRequest.newBuilder(server.url().resolve("/api/v1/experiments/shape-a/report"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        html.assertStatus(200);
        assertTrue(html.contentType().startsWith("text/html"), html.contentType());
        assertTrue(html.body().startsWith("<!DOCTYPE html>"));
    }

    @Test
    void stopIsAuditedIdempotentAndClosesIngest() throws Exception {
        http.post("/api/v1/experiments", experiment("stop-a")).assertStatus(201);
        events(http, server.url(), "stop-a", "k1", "{\"type\":\"exposure\",\"unit\":\"a\"}\n").assertStatus(200);
        JsonNode stopped = http.post("/api/v1/experiments/stop-a/stop", Map.of("reason", "enough")).assertStatus(200).json();
        assertEquals("stopped", stopped.path("status").asText());
        assertEquals("enough", stopped.path("stopReason").asText());
        assertEquals("enough", http.post("/api/v1/experiments/stop-a/stop", Map.of()).assertStatus(200).json().path("stopReason").asText());

        Map<String, Long> before = rows(database, "stop-a");
        TestHttp.Response r = events(http, server.url(), "stop-a", "k2", "{\"type\":\"exposure\",\"unit\":\"b\"}\n").assertProblem(409);
        assertTrue(r.detail().contains("is stopped"), r.body());
        assertEquals(before, rows(database, "stop-a"), "nothing recorded for a stopped experiment");
        // the batch accepted before the stop is still acknowledged on retry
        assertTrue(events(http, server.url(), "stop-a", "k1", "{\"type\":\"exposure\",\"unit\":\"a\"}\n")
                .assertStatus(200).json().path("duplicate").asBoolean());
        assertEquals("experiment.stop", http.get("/api/v1/audit?target=experiments/stop-a").json().at("/items/0/action").asText());
    }

    @Test
    void maxDurationStopsTheExperiment() throws Exception {
        Map<String, Object> body = experiment("short-a");
        body.put("maxDuration", "1s");
        http.post("/api/v1/experiments", body).assertStatus(201);
        Thread.sleep(1200);
        JsonNode e = http.get("/api/v1/experiments/short-a").json();
        assertEquals("stopped", e.path("status").asText());
        assertEquals("maxDuration 1s reached", e.path("stopReason").asText());
        events(http, server.url(), "short-a", "k", "{\"type\":\"exposure\",\"unit\":\"a\"}\n").assertProblem(409);
        assertEquals(0L, rows(database, "short-a").get("experiment_exposure"));
    }

    @Test
    void samplesMetricInTheSharedRegistry() {
        http.post("/api/v1/experiments", experiment("metric-a")).assertStatus(201);
        events(http, server.url(), "metric-a", "k", """
                {"type":"exposure","unit":"a","arm":"control"}
                {"type":"exposure","unit":"b","arm":"treatment"}
                {"type":"exposure","unit":"c","arm":"treatment"}
                {"type":"exposure","unit":"d","arm":"control"}
                {"type":"metric","unit":"a","arm":"control","metric":"conversion","value":1}
                {"type":"metric","unit":"b","arm":"treatment","metric":"conversion","value":1}
                {"type":"metric","unit":"c","arm":"treatment","metric":"conversion","value":1}
                """).assertStatus(200);
        String body = server.http(null).get("/metrics").assertStatus(200).body();
        assertTrue(body.contains("mlctl_experiment_samples{arm=\"control\",experiment=\"metric-a\"} 2.0"), body);
        assertTrue(body.contains("mlctl_experiment_samples{arm=\"treatment\",experiment=\"metric-a\"} 2.0"), body);
        // 3841 units per arm detect +20% on a 10% baseline (ExperimentFixtures); control 1/2, treatment 2/2: +100%
        assertTrue(body.contains("mlctl_experiment_samples_required{arm=\"treatment\",experiment=\"metric-a\"} 3841.0"), body);
        assertTrue(body.contains("mlctl_experiment_lift{arm=\"treatment\",experiment=\"metric-a\",metric=\"conversion\"} 1.0"), body);
        assertFalse(body.contains("mlctl_experiment_lift{arm=\"control\""), "control has no lift over itself");
        assertTrue(body.contains("mlctl_experiment_verdict{experiment=\"metric-a\",model=\"fraud\",verdict=\"KEEP_RUNNING\"} 1.0"), body);
        assertTrue(body.contains("mlctl_experiment_verdict{experiment=\"metric-a\",model=\"fraud\",verdict=\"SHIP\"} 0.0"), body);
        http.post("/api/v1/experiments/metric-a/stop", Map.of()).assertStatus(200);
        assertFalse(server.http(null).get("/metrics").body().contains("experiment=\"metric-a\""), "stopped experiments drop out");
    }
}
