package io.mlctl.controlplane.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drift fires a signed webhook (retried through failures), the trigger is stored with its evidence, a version
 * registered with triggeredBy completes it, manual triggers de-duplicate, and bad policies are 422.
 */
class RetrainFlowTest extends ControlPlaneTest {
    private final WebhookReceiver receiver = new WebhookReceiver();

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "3s", "mlctl.drift.grace", "1s", "mlctl.drift.close-interval", "200ms",
                "mlctl.drift.close-initial-delay", "0s", "mlctl.retrain.webhook.delay", "100ms",
                "mlctl.retrain.dispatch-interval", "300ms", "mlctl.retrain.completion-interval", "300ms");
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void driftFiresSignedWebhookAndRegisteredVersionCompletesIt() throws Exception {
        String model = "churn-" + kind.name().toLowerCase();
        io.mlctl.controlplane.ingest.Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                io.mlctl.controlplane.ingest.SampleData.referenceCsv(3000, 3)).assertStatus(200);
        receiver.failFirst.set(2);
        receiver.calls.clear();
        JsonNode policy = http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "secret", "s3cret", "on", "psi>=0.25", "minDriftShare", 0.5, "consecutive", 1, "cooldown", "1h"))
                .assertStatus(200).json();
        assertTrue(policy.path("secretSet").asBoolean());
        assertTrue(policy.path("secret").isMissingNode(), policy.toString());

        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model
                        + "/versions/1/samples")).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", "drifted-1")
                .POST(HttpRequest.BodyPublishers.ofString(io.mlctl.controlplane.ingest.SampleData.samples(500, 5, 1.0,
                        Instant.now())));
        http.send(b).assertStatus(200);

        JsonNode trigger = await(() -> http.get("/api/v1/models/" + model + "/retrain/triggers").json()
                .path("items"), items -> items.size() == 1 && "DELIVERED".equals(items.get(0).path("status").asText()))
                .get(0);
        assertEquals("drift", trigger.path("reason").asText());
        assertEquals(1, trigger.path("attempts").asInt(), "one claim; the webhook retried inside it: " + trigger);
        assertTrue(trigger.path("evidence").path("features").size() >= 2, trigger.toString());
        assertEquals(3, receiver.calls.size(), "two 503s, then delivered");
        WebhookReceiver.Call call = receiver.calls.get(2);
        assertEquals(WebhookSender.signature("s3cret", call.body().getBytes(StandardCharsets.UTF_8)), call.signature());
        JsonNode body = TestHttp.JSON.readTree(call.body());
        assertEquals(model, body.path("model").asText());
        assertEquals(1, body.path("version").asInt());
        assertEquals("drift", body.path("reason").asText());
        assertEquals(trigger.path("id").asText(), body.path("triggeredBy").asText());
        assertTrue(body.path("evidence").path("features").get(0).has("psi"), call.body());

        // the pipeline registers the retrained version with the trigger as lineage
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                "schema", model + "-features", "lineage", Map.of("triggeredBy", body.path("triggeredBy").asText())))
                .assertStatus(201);
        JsonNode done = await(() -> http.get("/api/v1/models/" + model + "/retrain/triggers/"
                + trigger.path("id").asLong()).json(), t -> "COMPLETED".equals(t.path("status").asText()));
        assertEquals(2, done.path("completedVersion").asInt());

        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("mlctl_retrain_triggers_total{model=\"" + model + "\",reason=\"drift\"} 1.0"),
                metrics);
    }

    @Test
    void manualTriggersDeduplicateWithinCooldownAndBadPoliciesAre422() {
        String model = "manual-" + kind.name().toLowerCase();
        io.mlctl.controlplane.ingest.Registry.modelWithVersion(http, model);
        http.post("/api/v1/models/" + model + "/retrain/triggers", Map.of("version", 1, "reason", "rollback"))
                .assertProblem(409);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", "ftp://x", "on", "psi>>1",
                "cooldown", "soon")).assertProblem(422);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("on", "psi>=0.2")).assertProblem(422);
        http.put("/api/v1/models/nosuch/retrain/policy", Map.of("webhook", receiver.url())).assertProblem(404);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(), "secret", "k"))
                .assertStatus(200);
        JsonNode first = http.post("/api/v1/models/" + model + "/retrain/triggers", Map.of("version", 1,
                "reason", "rollback", "evidence", Map.of("rollout", "fraud-v2"))).assertStatus(201).json();
        JsonNode again = http.post("/api/v1/models/" + model + "/retrain/triggers", Map.of("version", 1,
                "reason", "rollback")).assertStatus(200).json();
        assertEquals(first.path("id").asLong(), again.path("id").asLong());
        http.post("/api/v1/models/" + model + "/retrain/triggers", Map.of("version", 9, "reason", "rollback"))
                .assertProblem(404);
        http.post("/api/v1/models/" + model + "/retrain/triggers", Map.of("version", 1, "reason", "whim"))
                .assertProblem(400);
        JsonNode delivered = await(() -> http.get("/api/v1/models/" + model + "/retrain/triggers/"
                + first.path("id").asLong()).json(), t -> "DELIVERED".equals(t.path("status").asText()));
        assertEquals("fraud-v2", delivered.path("evidence").path("rollout").asText());
    }

    @Test
    void aDeliveryLeftByADeadProcessIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        String model = "lease-" + kind.name().toLowerCase();
        io.mlctl.controlplane.ingest.Registry.modelWithVersion(http, model);
        receiver.failFirst.set(0);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(), "secret", "k"))
                .assertStatus(200);
        // as a process that claimed the trigger and was killed before answering would leave it
        long id;
        try (java.sql.Connection c = database.connect(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO retrain_trigger (model, version, reason, evidence, status, attempts, "
                    + "next_attempt_at, claimed_by, claimed_until, created_at, created_by) VALUES ('" + model
                    + "', 1, 'manual', '{}', 'DELIVERING', 1, CURRENT_TIMESTAMP, 'dead-process', "
                    + "CURRENT_TIMESTAMP - INTERVAL '1' MINUTE, CURRENT_TIMESTAMP, 'test')");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT MAX(id) FROM retrain_trigger WHERE model = '"
                    + model + "'")) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        JsonNode t = await(() -> http.get("/api/v1/models/" + model + "/retrain/triggers/" + id).json(),
                x -> "DELIVERED".equals(x.path("status").asText()));
        assertEquals(2, t.path("attempts").asInt(), t.toString());
        assertTrue(receiver.calls.stream().anyMatch(c -> String.valueOf(id).equals(c.trigger())));
    }

    static <T> T await(java.util.function.Supplier<T> get, Predicate<T> done) throws RuntimeException {
        long deadline = System.currentTimeMillis() + 25_000;
        T v = get.get();
        while (!done.test(v) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            v = get.get();
        }
        assertTrue(done.test(v), "timed out; last: " + v);
        return v;
    }
}
