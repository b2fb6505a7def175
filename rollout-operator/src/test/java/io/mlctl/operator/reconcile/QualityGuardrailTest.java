package io.mlctl.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canary's quality guardrail judged from the candidate's realized quality in a real control plane: samples with
 * request ids and labels go to its REST API, and the operator reads the candidate's ROC AUC from
 * {@code GET .../quality}. Too few labels is Inconclusive (never a pass); enough labels with a poor AUC fail and roll
 * back.
 */
class QualityGuardrailTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static TestDatabase db;
    static ControlPlaneServer controlPlane;

    @BeforeAll
    static void controlPlane() {
        db = TestDatabase.h2();
        controlPlane = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h"));
    }

    @AfterAll
    static void stop() {
        controlPlane.close();
        db.close();
    }

    @Test
    void tooFewLabelsAreInconclusiveThenAPoorRocAucRollsBack() throws Exception {
        String model = "qguard";
        int[] v = binaryModelWithTwoVersions(model);
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 10, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                new GuardrailsSpec.GuardrailMetric("auc", null, null, null,
                        new GuardrailsSpec.QualityGuardrail("roc_auc", 0.8, null, 200), null, null)));
        try (OperatorHarness h = OperatorHarness.start(T0, controlPlane).startOperator()) {
            h.create(rollout(model, model + "-v2", model, Integer.toString(v[1]), canary("20:5m", "50:5m"), g, false));
            h.serversReady(model, model + "-v2", model);
            h.await(model, model + "-v2", "first step", x -> candidateWeight(x) == 20);

            // the candidate's scores say nothing about the labels: ROC AUC near 0.5
            Random r = new Random(5);
            int n = 400;
            StringBuilder samples = new StringBuilder();
            StringBuilder firstLabels = new StringBuilder();
            StringBuilder restLabels = new StringBuilder();
            for (int i = 0; i < n; i++) {
                samples.append(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"request_id\":\"r%d\",\"features\":"
                        + "{\"amount\":20},\"prediction\":%.4f}%n", Instant.now(), i, r.nextDouble()));
                (i < 150 ? firstLabels : restLabels).append("{\"request_id\":\"r").append(i).append("\",\"label\":")
                        .append(r.nextBoolean() ? 1 : 0).append("}\n");
            }
            post(model, v[1], "samples", samples.toString());
            post(model, v[1], "labels", firstLabels.toString());

            h.advance(Duration.ofMinutes(1));
            ModelRollout judged = h.await(model, model + "-v2", "judged", x -> !x.getStatus().getGuardrails().isEmpty()
                    && x.getStatus().getGuardrails().get(0).result() != null);
            GuardrailStatus first = judged.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.INCONCLUSIVE, first.result(), first.toString());
            assertTrue(first.message().startsWith("no data: 150 labelled predictions in the window from "),
                    first.message());
            assertTrue(first.message().endsWith("200 needed (minLabels)"), first.message());
            assertEquals(RolloutPhase.PROGRESSING, judged.getStatus().getPhase());

            // the rest of the labels arrive: 400 labelled predictions, AUC far under 0.8
            post(model, v[1], "labels", restLabels.toString());
            double auc = controlPlane.http().get("/api/v1/models/" + model + "/quality?version=" + v[1])
                    .assertStatus(200).json().at("/items/0/metrics/roc_auc").asDouble();
            assertTrue(auc < 0.8, "AUC " + auc);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r2 = h.await(model, model + "-v2", "rolled back",
                    x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            GuardrailStatus failed = r2.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.FAILED, failed.result(), failed.toString());
            assertEquals(auc, failed.value(), 1e-12, "the operator judged the control plane's realized ROC AUC");
            assertEquals(List.of(model + "-v1=100", model + "-v2=0"), weights(h.cluster().route(model, model)));
        }
    }

    @Test
    void aShadowComparesBothVersionsOnTheSameLabelledRequests() throws Exception {
        String model = "qshadow";
        int[] v = binaryModelWithTwoVersions(model);
        StrategySpec shadow = new StrategySpec(null, new StrategySpec.ShadowStrategy(100, "1h", 200L), null);
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 10, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                new GuardrailsSpec.GuardrailMetric("auc", null, null, null,
                        new GuardrailsSpec.QualityGuardrail("roc_auc", 0.8, null, 200), null, null)));
        try (OperatorHarness h = OperatorHarness.start(T0, controlPlane).startOperator()) {
            h.create(rollout(model, model + "-shadow", model, Integer.toString(v[1]), shadow, g, false));
            h.serversReady(model, model + "-shadow", model);
            h.await(model, model + "-shadow", "shadowing", x -> x.getStatus().getPhase() == RolloutPhase.PROGRESSING);

            // both versions log the same 300 requests: the baseline's scores follow the labels, the candidate's not
            Random r = new Random(8);
            StringBuilder base = new StringBuilder();
            StringBuilder cand = new StringBuilder();
            StringBuilder labels = new StringBuilder();
            String row = "{\"ts\":\"%s\",\"request_id\":\"s%d\",\"features\":{\"amount\":20},\"prediction\":%.4f}%n";
            for (int i = 0; i < 300; i++) {
                boolean y = r.nextBoolean();
                base.append(String.format(Locale.ROOT, row, Instant.now(), i, y ? 0.6 + 0.3 * r.nextDouble()
                        : 0.1 + 0.3 * r.nextDouble()));
                cand.append(String.format(Locale.ROOT, row, Instant.now(), i, r.nextDouble()));
                labels.append("{\"request_id\":\"s").append(i).append("\",\"label\":").append(y ? 1 : 0).append("}\n");
            }
            post(model, v[0], "samples", base.toString());
            post(model, v[1], "samples", cand.toString());
            // the labels reach the baseline only: a request has one truth, the comparison uses it for both
            post(model, v[0], "labels", labels.toString());
            JsonNode c = controlPlane.http().get("/api/v1/models/" + model + "/quality/compare?baseline=" + v[0]
                    + "&candidate=" + v[1]).assertStatus(200).json();
            assertEquals(300, c.path("pairs").asLong(), c.toString());
            assertEquals(1.0, c.at("/baseline/roc_auc").asDouble(), 1e-12, "the baseline separates the classes");

            h.advance(Duration.ofMinutes(1));
            ModelRollout rolledBack = h.await(model, model + "-shadow", "rolled back",
                    x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            GuardrailStatus failed = rolledBack.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.FAILED, failed.result(), failed.toString());
            assertEquals(c.at("/candidate/roc_auc").asDouble(), failed.value(), 1e-12);
            assertEquals("quality compare: baseline roc_auc 1 on the same 300 labelled requests", failed.evidence(),
                    "the baseline's value on the same requests is in the status");
        }
    }

    /** A binary quality schema, the model, versions 1 and 2 with reference profiles, production on version 1. */
    private static int[] binaryModelWithTwoVersions(String model) {
        TestHttp http = controlPlane.http();
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: %s-features
                features:
                  - {name: amount, type: numeric, min: 0}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                quality: {task: binary, positive: 1, threshold: 0.5}
                """.formatted(model)).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        int[] v = new int[2];
        Random r = new Random(9);
        for (int i = 0; i < 2; i++) {
            v[i] = http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://models/" + model + "/" + i,
                    "runtime", "triton", "schema", model + "-features")).assertStatus(201).json().path("version").asInt();
            StringBuilder ref = new StringBuilder("amount,score\n");
            for (int k = 0; k < 500; k++) {
                ref.append(String.format(Locale.ROOT, "%.3f,%.5f%n", 10 + 20 * r.nextDouble(), r.nextDouble()));
            }
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v[i] + "/profile", "text/csv", ref.toString())
                    .assertStatus(200);
        }
        new Registry(controlPlane).alias(model, "production", v[0]);
        return v;
    }

    private static void post(String model, int version, String what, String ndjson) {
        JsonNode ack = controlPlane.http().send(HttpRequest.newBuilder(URI.create(controlPlane.url() + "/api/v1/models/"
                        + model + "/versions/" + version + "/" + what))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", what + "-" + ndjson.hashCode())
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))).assertStatus(200).json();
        assertTrue(!"labels".equals(what) || ack.path("unmatched").asInt() == 0, ack.toString());
    }
}
