package io.mlctl.controlplane.retrain;

import io.mlctl.controlplane.quality.QualityModels;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.mlctl.controlplane.retrain.RetrainFlowTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retrain policies with quality conditions: a window's realized ROC AUC below the threshold fires one trigger once
 * enough labels arrived (late labels included), never with fewer than minLabels, once per window.
 */
class QualityRetrainTest extends ControlPlaneTest {
    private final WebhookReceiver receiver = new WebhookReceiver();

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "1h", "mlctl.quality.gauge-interval", "300ms",
                "mlctl.retrain.webhook.delay", "100ms", "mlctl.retrain.dispatch-interval", "300ms");
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void lowRocAucFiresOnceEnoughLabelsArrived() throws Exception {
        String model = "qretrain-" + kind.name().toLowerCase(Locale.ROOT);
        QualityModels.binaryModel(http, model);
        JsonNode policy = http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "on", "roc_auc<0.85", "minLabels", 150, "cooldown", "1m")).assertStatus(200).json();
        assertEquals(150, policy.path("minLabels").asInt(), policy.toString());

        // scores unrelated to the labels: ROC AUC near 0.5, far below 0.85
        Random r = new Random(3);
        int n = 300;
        StringBuilder samples = new StringBuilder();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            samples.append(String.format(Locale.ROOT, "{\"request_id\":\"q%d\",\"ts\":\"%s\",\"features\":"
                    + "{\"amount\":12},\"prediction\":%.4f}%n", i, Instant.now().minusSeconds(5), r.nextDouble()));
            y[i] = r.nextBoolean() ? 1 : 0;
        }
        post(model, "samples", "s-1", samples.toString());
        post(model, "labels", "l-1", labels(y, 0, 100));
        // 100 labels < minLabels: many evaluation rounds pass without a trigger
        Thread.sleep(3_000);
        assertEquals(0, triggers(model).size(), "a window with too few labels never fires");
        JsonNode q = http.get("/api/v1/models/" + model + "/quality?version=1").assertStatus(200).json();
        assertTrue(q.at("/items/0/metrics/roc_auc").asDouble() < 0.85, q.toString());

        // late labels for the same window: now 300 labelled predictions
        post(model, "labels", "l-2", labels(y, 100, n));
        JsonNode trigger = await(() -> triggers(model), t -> t.size() == 1
                && "DELIVERED".equals(t.get(0).path("status").asText())).get(0);
        assertEquals("quality", trigger.path("reason").asText());
        JsonNode evidence = trigger.path("evidence");
        assertEquals(300, evidence.path("labeled").asInt(), evidence.toString());
        assertEquals(150, evidence.path("minLabels").asInt());
        assertEquals("roc_auc", evidence.at("/breached/0/metric").asText());
        double auc = http.get("/api/v1/models/" + model + "/quality?version=1").json()
                .at("/items/0/metrics/roc_auc").asDouble();
        assertEquals(auc, evidence.at("/breached/0/value").asDouble(), 1e-12);
        assertTrue(receiver.calls.stream().anyMatch(c -> c.body().contains("\"reason\":\"quality\"")));

        // relabelling the window changes its quality again, but it fired once already
        post(model, "labels", "l-3", labels(y, 0, 50));
        Thread.sleep(2_000);
        assertEquals(1, triggers(model).size(), "one trigger per window");
    }

    @Test
    void badQualityConditionsAreRefused() {
        String model = "qretrain-bad-" + kind.name().toLowerCase(Locale.ROOT);
        QualityModels.binaryModel(http, model);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "on", "roc_auc_ci95<0.8")).assertProblem(422);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "on", "auc<<0.8")).assertProblem(422);
        http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "on", "roc_auc<0.8", "minLabels", 0)).assertProblem(400);
        http.get("/api/v1/models/" + model + "/retrain/policy").assertProblem(404);
        JsonNode mixed = http.put("/api/v1/models/" + model + "/retrain/policy", Map.of("webhook", receiver.url(),
                "on", "psi>=0.25, accuracy<0.9 or mae>2")).assertStatus(200).json();
        assertEquals(100, mixed.path("minLabels").asInt(), "the documented default");
    }

    private static String labels(int[] y, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("{\"request_id\":\"q").append(i).append("\",\"label\":").append(y[i]).append("}\n");
        }
        return sb.toString();
    }

    private void post(String model, String what, String key, String body) {
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/1/" + what))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))).assertStatus(200);
    }

    private JsonNode triggers(String model) {
        return http.get("/api/v1/models/" + model + "/retrain/triggers").assertStatus(200).json().path("items");
    }
}
