package io.mlctl.controlplane.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription REST API (no broker needed: the API is served whether or not a replica consumes). */
class SubscriptionApiTest extends ControlPlaneTest {

    @Test
    void putGetListDeleteAndEveryRejection() {
        String m = "sub" + kind.name().toLowerCase();
        Registry.modelWithVersion(http, m);
        String path = "/api/v1/models/" + m + "/versions/1/subscription";
        http.get(path).assertProblem(404);

        JsonNode s = http.put(path, Map.of("topic", "preds." + m, "format", "mlctl", "deadLetterTopic", "dlq-" + m))
                .assertStatus(200).json();
        assertEquals(m, s.path("model").asText());
        assertEquals(1, s.path("version").asInt());
        assertEquals("preds." + m, s.path("topic").asText());
        assertEquals("mlctl", s.path("format").asText());
        assertEquals("dlq-" + m, s.path("deadLetterTopic").asText());
        assertTrue(s.path("createdBy").asText().contains("#"));
        assertEquals(s, http.get(path).assertStatus(200).json());

        // replaced; the dead-letter topic is optional
        JsonNode replaced = http.put(path, Map.of("topic", "oip_" + m, "format", "oip")).assertStatus(200).json();
        assertEquals("oip", replaced.path("format").asText());
        assertTrue(replaced.path("deadLetterTopic").isMissingNode());
        JsonNode list = http.get("/api/v1/subscriptions").assertStatus(200).json();
        assertEquals(1, list.path("items").size());
        assertEquals("oip_" + m, list.path("items").get(0).path("topic").asText());

        // bad input: 4xx problem+json and nothing changes
        http.put(path, Map.of("topic", "bad topic!", "format", "mlctl")).assertProblem(400);
        http.put(path, Map.of("topic", "..", "format", "mlctl")).assertProblem(400);
        http.put(path, Map.of("topic", "x".repeat(250), "format", "mlctl")).assertProblem(400);
        http.put(path, Map.of("topic", "t", "format", "avro")).assertProblem(400);
        http.put(path, Map.of("format", "mlctl")).assertProblem(400);
        http.put(path, Map.of("topic", "t", "format", "mlctl", "deadLetterTopic", "t")).assertProblem(422);
        Map<String, Object> unknownMember = new HashMap<>(Map.of("topic", "t", "format", "mlctl", "partitions", 3));
        http.put(path, unknownMember).assertProblem(400);
        http.put("/api/v1/models/" + m + "/versions/9/subscription", Map.of("topic", "t", "format", "mlctl"))
                .assertProblem(404);
        http.put("/api/v1/models/nope/versions/1/subscription", Map.of("topic", "t", "format", "mlctl"))
                .assertProblem(404);
        assertEquals(replaced, http.get(path).assertStatus(200).json());

        // roles: a viewer reads, only an editor writes
        String viewer = http.post("/api/v1/tokens", Map.of("name", "v" + m, "role", "viewer")).assertStatus(201)
                .json().path("token").asText();
        server.http(viewer).get(path).assertStatus(200);
        server.http(viewer).get("/api/v1/subscriptions").assertStatus(200);
        server.http(viewer).put(path, Map.of("topic", "t", "format", "mlctl")).assertProblem(403);
        server.http(viewer).delete(path).assertProblem(403);

        // the registry will not strand it: a version with a subscription is referenced
        http.delete(path).assertStatus(204);
        http.get(path).assertProblem(404);
        http.delete(path).assertProblem(404);
        assertEquals(0, http.get("/api/v1/subscriptions").json().path("items").size());
    }
}
