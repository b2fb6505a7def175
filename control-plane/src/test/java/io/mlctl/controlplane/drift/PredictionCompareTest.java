package io.mlctl.controlplane.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shadow comparison: the candidate's recent predictions against the baseline's, from open windows' partials. */
class PredictionCompareTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "1h");
    }

    @Test
    void candidateAgainstBaseline() {
        String model = "shadow-" + kind.name().toLowerCase();
        twoProfiledVersions(model);
        JsonNode empty = http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2").assertStatus(200)
                .json();
        assertEquals("no_data", empty.path("verdict").asText());
        send(model, 1, SampleData.samples(800, 1, 0, null));
        send(model, 2, SampleData.samples(600, 2, 1.0, null));
        JsonNode c = http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2&period=30m")
                .assertStatus(200).json();
        assertEquals(800, c.path("baselineSamples").asLong());
        assertEquals(600, c.path("candidateSamples").asLong());
        assertTrue(c.path("psi").asDouble() > 0.25, c.toString());
        assertTrue(c.path("ksStatistic").asDouble() > 0.3, c.toString());
        assertTrue(c.path("agreement").isNull(), c.toString());
        assertEquals(0, c.path("pairs").asLong());
        assertTrue(c.path("agreementNote").asText().startsWith("no samples with a request_id for both versions"),
                c.toString());
        assertEquals("drift", c.path("verdict").asText());
        http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=9").assertProblem(404);
        http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2&period=soon").assertProblem(400);
    }

    /**
     * Numeric predictions paired by request id, counted by hand: the fraud schema's reference scores are
     * N(0.2, 0.1) clipped to [0, 1], so their deciles put 0.0 and 0.05 in the first bin (below ~0.07), 0.5 and 0.9 in
     * the last (above ~0.33) and 0.2 in a middle one.
     */
    @Test
    void agreementOfNumericPredictionsPairedByRequestId() {
        String model = "agree-" + kind.name().toLowerCase();
        twoProfiledVersions(model);
        String longId = "req-" + "x".repeat(100); // stored as its hash, still pairs
        String baseline = line("r1", 0.0) + line("r2", 0.5) + line("r3", 0.01) + line("r4", 0.2)
                + line(longId, 0.3) + "{\"id\":42,\"features\":{\"amount\":1},\"prediction\":0.6}\n"
                + line("only-baseline", 0.2) + "{\"features\":{\"amount\":1},\"prediction\":0.2}\n";
        String candidate = line("r1", 0.05) + line("r2", 0.9) + line("r3", 0.99) + line("r4", 0.6)
                + line(longId, 0.3) + "{\"id\":\"ignored\",\"request_id\":\"42\",\"features\":{\"amount\":1},"
                + "\"prediction\":0.61}\n" + line("only-candidate", 0.2)
                + "{\"request_id\":\"no-prediction\",\"features\":{\"amount\":1}}\n";
        send(model, 1, "b-1", baseline).assertStatus(200);
        send(model, 2, "c-1", candidate).assertStatus(200);
        // 6 pairs: r1 agree (first bin), r2 agree (last bin), r3 and r4 disagree, the long id agrees (equal),
        // 42 agrees (id 42 and request_id "42"; 0.6 and 0.61 in the last bin)
        JsonNode c = compare(model);
        assertEquals(6, c.path("pairs").asLong(), c.toString());
        assertEquals(4.0 / 6, c.path("agreement").asDouble(), 1e-12, c.toString());
        assertTrue(c.path("agreementNote").asText().contains("the same one of the 10 prediction bins of version 1"),
                c.toString());

        // the same batch again under its key is a duplicate; a new batch repeating request ids is not paired again
        send(model, 2, "c-1", candidate).assertStatus(200);
        send(model, 2, "c-2", line("r3", 0.0) + line("r4", 0.2)).assertStatus(200);
        JsonNode again = compare(model);
        assertEquals(6, again.path("pairs").asLong(), again.toString());
        assertEquals(4.0 / 6, again.path("agreement").asDouble(), 1e-12, again.toString());
        assertEquals(c.path("candidateSamples").asLong() + 2, again.path("candidateSamples").asLong());

        // a rejected batch stores no pairing records
        send(model, 2, "c-3", line("r5", 0.2) + "{\"request_id\":{\"nested\":1},\"features\":{\"amount\":1}}\n")
                .assertProblem(422);
        assertEquals(6, compare(model).path("pairs").asLong());

        // a period that starts after the samples pairs nothing
        var later = server.bean(PredictionCompare.class).compare(model, 1, 2, java.time.Duration.ofMinutes(1),
                java.time.Instant.now().plus(java.time.Duration.ofMinutes(10)));
        assertEquals(0, later.pairs());
        assertEquals(null, later.agreement());

        // records older than the retention are pruned
        assertEquals(0, server.bean(io.mlctl.controlplane.ingest.PairingRetention.class).prune(java.time.Instant.now()));
        long pruned = server.bean(io.mlctl.controlplane.ingest.PairingRetention.class)
                .prune(java.time.Instant.now().plus(java.time.Duration.ofDays(9))); // past the 7d label horizon and its day
        // every row with an id and a prediction, once per version (and the other tests' on this database)
        assertTrue(pruned >= 7 + 7, "pruned " + pruned);
        JsonNode none = compare(model);
        assertEquals(0, none.path("pairs").asLong());
        assertTrue(none.path("agreement").isNull());
    }

    /** Categorical predictions agree when equal. */
    @Test
    void agreementOfCategoricalPredictions() {
        String model = "labels-" + kind.name().toLowerCase();
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: %s-labels
                features:
                  - {name: amount, type: numeric, min: 0}
                prediction: {name: label, type: categorical, values: [approve, review, decline]}
                """.formatted(model)).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        StringBuilder ref = new StringBuilder("amount,label\n");
        for (int i = 0; i < 300; i++) {
            ref.append(i).append(',').append(new String[]{"approve", "review", "decline"}[i % 3]).append('\n');
        }
        for (int v = 1; v <= 2; v++) {
            http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/" + v,
                    "runtime", "custom", "schema", model + "-labels")).assertStatus(201);
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v + "/profile", "text/csv", ref.toString())
                    .assertStatus(200);
        }
        send(model, 1, "b", label("a", "approve") + label("b", "review") + label("c", "decline")).assertStatus(200);
        send(model, 2, "c", label("a", "approve") + label("b", "decline") + label("c", "decline")).assertStatus(200);
        JsonNode c = compare(model);
        assertEquals(3, c.path("pairs").asLong(), c.toString());
        assertEquals(2.0 / 3, c.path("agreement").asDouble(), 1e-12, c.toString());
        assertTrue(c.path("agreementNote").asText().endsWith("whose predictions are equal"), c.toString());
    }

    private void twoProfiledVersions(String model) {
        Registry.modelWithVersion(http, model);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                "schema", model + "-features")).assertStatus(201);
        for (int v = 1; v <= 2; v++) {
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v + "/profile", "text/csv",
                    SampleData.referenceCsv(2000, v)).assertStatus(200);
        }
    }

    private static String line(String requestId, double prediction) {
        return "{\"request_id\":\"" + requestId + "\",\"features\":{\"amount\":10},\"prediction\":" + prediction
                + "}\n";
    }

    private static String label(String requestId, String label) {
        return "{\"request_id\":\"" + requestId + "\",\"features\":{\"amount\":10},\"prediction\":\"" + label
                + "\"}\n";
    }

    private JsonNode compare(String model) {
        return http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2&period=30m")
                .assertStatus(200).json();
    }

    private void send(String model, int version, String body) {
        send(model, version, "cmp-" + version, body).assertStatus(200);
    }

    private io.mlctl.testsupport.TestHttp.Response send(String model, int version, String key, String body) {
        return http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/" + version
                        + "/samples")).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
