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
        Registry.modelWithVersion(http, model);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                "schema", model + "-features")).assertStatus(201);
        for (int v = 1; v <= 2; v++) {
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v + "/profile", "text/csv",
                    SampleData.referenceCsv(2000, v)).assertStatus(200);
        }
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
        assertEquals("drift", c.path("verdict").asText());
        http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=9").assertProblem(404);
        http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2&period=soon").assertProblem(400);
    }

    private void send(String model, int version, String body) {
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/" + version
                        + "/samples")).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", "cmp-" + version).POST(HttpRequest.BodyPublishers.ofString(body)))
                .assertStatus(200);
    }
}
