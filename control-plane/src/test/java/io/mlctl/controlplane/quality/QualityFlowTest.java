package io.mlctl.controlplane.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.quality.Cbpe;
import io.mlctl.quality.CbpeEstimate;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static io.mlctl.controlplane.quality.QualityModels.labels;
import static io.mlctl.controlplane.quality.QualityModels.post;
import static io.mlctl.controlplane.quality.QualityModels.quality;
import static io.mlctl.controlplane.quality.QualityModels.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels joined to logged predictions and the quality of their windows, against the model-quality module's
 * computation on the same rows and against SciPy's values for the fixture's binary case.
 */
class QualityFlowTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "10s", "mlctl.drift.grace", "1s", "mlctl.quality.gauge-interval", "1s");
    }

    @Test
    void fixtureBinaryCaseSentAsSamplesAndLabels() throws IOException {
        JsonNode c = null;
        for (JsonNode k : TestHttp.JSON.readTree(Path.of(System.getProperty("mlctl.fixtures"), "quality",
                "cases.json").toFile()).path("cases")) {
            if (k.path("case").asText().equals("binary-good")) {
                c = k;
            }
        }
        double[] scores = new double[c.path("scores").size()];
        int[] y = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = c.path("scores").get(i).asDouble();
            y[i] = c.path("labels").get(i).asInt();
        }
        String model = "qfix-" + kind.name().toLowerCase();
        QualityModels.binaryModel(http, model);
        Instant ts = Instant.now().minusSeconds(1);
        post(http, server.url(), model, "samples", "s-1", samples("f", scores, ts)).assertStatus(200);
        JsonNode ack = post(http, server.url(), model, "labels", "l-1", labels("f", y, 0, y.length))
                .assertStatus(200).json();
        assertEquals(scores.length, ack.path("matched").asInt(), ack.toString());

        JsonNode w = quality(http, model).path("items").get(0);
        assertEquals(scores.length, w.path("predictions").asLong());
        assertEquals(scores.length, w.path("labeled").asLong());
        assertEquals(1.0, w.path("coverage").asDouble());
        JsonNode expected = c.path("expected");
        for (String m : new String[]{"accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "log_loss",
                "brier", "ece"}) {
            close(expected.path(m).asDouble(), w.path("metrics").path(m).asDouble(), m);
        }
        close(expected.path("roc_auc_ci95").get(0).asDouble(), w.path("metrics").path("roc_auc_ci95").get(0)
                .asDouble(), "ci lower");
        close(expected.path("roc_auc_ci95").get(1).asDouble(), w.path("metrics").path("roc_auc_ci95").get(1)
                .asDouble(), "ci upper");
        CbpeEstimate e = Cbpe.estimate(scores, 0.5);
        close(e.accuracy(), w.path("estimated").path("accuracy").asDouble(), "estimated accuracy");
        close(e.rocAuc(), w.path("estimated").path("roc_auc").asDouble(), "estimated roc_auc");
    }

    @Test
    void lateLabelsRepeatsAndUnknownIds() {
        String model = "qflow-" + kind.name().toLowerCase();
        QualityModels.binaryModel(http, model);
        Random r = new Random(42);
        int n = 300;
        double[] scores = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
            scores[i] = Math.min(1, Math.max(0, (y[i] == 1 ? 0.65 : 0.35) + 0.2 * r.nextGaussian()));
        }
        Instant ts = Instant.now();
        post(http, server.url(), model, "samples", "s-1", samples("r", scores, ts)).assertStatus(200);

        // before the window closes: a third of the labels
        JsonNode first = post(http, server.url(), model, "labels", "l-1", labels("r", y, 0, 100))
                .assertStatus(200).json();
        assertEquals(100, first.path("matched").asInt());
        assertEquals(0, first.path("replaced").asInt());
        assertFalse(first.path("duplicate").asBoolean());
        JsonNode w = quality(http, model).path("items").get(0);
        assertEquals(n, w.path("predictions").asLong());
        assertEquals(100, w.path("labeled").asLong());
        assertEquals(100.0 / n, w.path("coverage").asDouble(), 1e-12);
        same(BinaryMetrics.of(Arrays.copyOf(scores, 100), positives(y, 100), 0.5), w.path("metrics"));
        assertEquals(Cbpe.estimate(scores, 0.5).accuracy(), w.path("estimated").path("accuracy").asDouble(), 1e-12);

        // the same batch again: acknowledged again, nothing changes; the key with other labels: 409
        JsonNode again = post(http, server.url(), model, "labels", "l-1", labels("r", y, 0, 100))
                .assertStatus(200).json();
        assertTrue(again.path("duplicate").asBoolean());
        assertEquals(first.path("batchId").asLong(), again.path("batchId").asLong());
        post(http, server.url(), model, "labels", "l-1", labels("r", y, 0, 99)).assertProblem(409);

        // bad rows: 422 with line and field, nothing stored
        JsonNode bad = post(http, server.url(), model, "labels", "l-bad", labels("r", y, 100, 102)
                + "{\"request_id\":\"r102\",\"label\":[1]}\n{\"label\":1}\n{\"request_id\":\"r103\",\"label\":1,"
                + "\"color\":1}\n").assertProblem(422).json();
        assertEquals(3, bad.path("errors").size(), bad.toString());
        assertEquals(3, bad.path("errors").get(0).path("line").asInt());
        assertEquals("label", bad.path("errors").get(0).path("field").asText());
        assertEquals("request_id", bad.path("errors").get(1).path("field").asText());
        assertEquals("color", bad.path("errors").get(2).path("field").asText());
        post(http, server.url(), model, "labels", null, labels("r", y, 100, 101)).assertProblem(400);
        post(http, server.url(), model, "labels", "l-empty", "\n").assertProblem(400);
        assertEquals(100, quality(http, model).path("items").get(0).path("labeled").asLong());

        // the window closes (its drift report is stored); the rest of the labels arrive late, with ten of the first
        // hundred relabelled (flipped) and two unknown ids
        waitForReport(model);
        int[] truth = y.clone();
        StringBuilder late = new StringBuilder(labels("r", y, 100, n));
        for (int i = 0; i < 10; i++) {
            truth[i] = 1 - y[i];
            late.append("{\"request_id\":\"r").append(i).append("\",\"label\":").append(truth[i])
                    .append(",\"ts\":\"").append(Instant.now()).append("\"}\n");
        }
        late.append("{\"request_id\":\"nobody\",\"label\":1}\n{\"request_id\":\"nobody-2\",\"label\":0}\n");
        JsonNode second = post(http, server.url(), model, "labels", "l-2", late.toString()).assertStatus(200).json();
        assertEquals(n - 100 + 10, second.path("matched").asInt(), second.toString());
        assertEquals(10, second.path("replaced").asInt());
        assertEquals(2, second.path("unmatched").asInt());
        assertEquals(0, second.path("expired").asInt());
        assertEquals(n - 100 + 12, second.path("accepted").asInt());
        w = quality(http, model).path("items").get(0);
        assertEquals(n, w.path("labeled").asLong());
        assertEquals(1.0, w.path("coverage").asDouble());
        BinaryMetrics all = BinaryMetrics.of(scores, positives(truth, n), 0.5);
        same(all, w.path("metrics"));
        // replayed: the relabelling is not applied twice
        assertTrue(post(http, server.url(), model, "labels", "l-2", late.toString()).assertStatus(200).json()
                .path("duplicate").asBoolean());
        same(all, quality(http, model).path("items").get(0).path("metrics"));

        // counters and gauges
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String metrics;
        do {
            metrics = http.get("/metrics").assertStatus(200).body();
        } while (!metrics.contains("mlctl_model_quality{metric=\"roc_auc\",model=\"" + model + "\"")
                && System.nanoTime() < deadline && sleep());
        assertTrue(metrics.contains("mlctl_labels_ingested_total{model=\"" + model + "\",outcome=\"matched\","
                + "version=\"1\"} " + (n + 10) + ".0"), metrics);
        assertTrue(metrics.contains("mlctl_labels_ingested_total{model=\"" + model + "\",outcome=\"unmatched\","
                + "version=\"1\"} 2.0"), metrics);
        assertTrue(metrics.contains("mlctl_model_quality{metric=\"roc_auc\",model=\"" + model + "\",version=\"1\"} "
                + all.rocAuc().auc()), metrics);
        assertTrue(metrics.contains("mlctl_model_quality_estimated{metric=\"accuracy\",model=\"" + model + "\","
                + "version=\"1\"}"), metrics);
    }

    /** The fixture's regression and multiclass cases through samples and labels, against SciPy's values. */
    @Test
    void regressionAndMulticlassFixtureCases() throws IOException {
        for (JsonNode c : TestHttp.JSON.readTree(Path.of(System.getProperty("mlctl.fixtures"), "quality",
                "cases.json").toFile()).path("cases")) {
            String task = c.path("task").asText();
            if (task.equals("binary")) {
                continue;
            }
            boolean regression = task.equals("regression");
            String model = "q" + task + "-" + kind.name().toLowerCase();
            http.send("POST", "/api/v1/schemas", "application/yaml", """
                    name: %s-q
                    features:
                      - {name: amount, type: numeric, min: 0}
                    prediction: %s
                    quality: {task: %s}
                    """.formatted(model, regression ? "{name: y, type: numeric}" : "{name: y, type: categorical, allowOther: true}",
                    task)).assertStatus(201);
            http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
            http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/1", "runtime",
                    "custom", "schema", model + "-q")).assertStatus(201);
            StringBuilder ref = new StringBuilder("amount,y\n");
            JsonNode preds = c.path("predictions");
            for (int i = 0; i < 200; i++) {
                ref.append(i).append(',').append(preds.get(i).asText()).append('\n');
            }
            http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv", ref.toString())
                    .assertStatus(200);
            StringBuilder samples = new StringBuilder();
            StringBuilder labels = new StringBuilder();
            Instant ts = Instant.now().minusSeconds(1);
            for (int i = 0; i < preds.size(); i++) {
                samples.append("{\"request_id\":\"x").append(i).append("\",\"ts\":\"").append(ts)
                        .append("\",\"features\":{\"amount\":1},\"prediction\":").append(preds.get(i))
                        .append("}\n");
                labels.append("{\"request_id\":\"x").append(i).append("\",\"label\":")
                        .append(c.path("labels").get(i)).append("}\n");
            }
            post(http, server.url(), model, "samples", "s", samples.toString()).assertStatus(200);
            assertEquals(preds.size(), post(http, server.url(), model, "labels", "l", labels.toString())
                    .assertStatus(200).json().path("matched").asInt());
            JsonNode w = quality(http, model).path("items").get(0);
            assertEquals(preds.size(), w.path("labeled").asLong(), w.toString());
            for (String m : regression ? new String[]{"mae", "rmse", "mape", "r2"}
                    : new String[]{"accuracy", "macro_f1"}) {
                close(c.path("expected").path(m).asDouble(), w.path("metrics").path(m).asDouble(), task + " " + m);
            }
            assertTrue(w.path("estimated").isMissingNode(), w.toString());
        }
    }

    @Test
    void withoutQualityTaskOrUnknownVersion() {
        String model = "qnone-" + kind.name().toLowerCase();
        io.mlctl.controlplane.ingest.Registry.modelWithVersion(http, model);
        http.get("/api/v1/models/" + model + "/quality?version=1").assertProblem(409);
        http.get("/api/v1/models/" + model + "/quality?version=7").assertProblem(404);
        http.get("/api/v1/models/" + model + "/quality").assertProblem(400);
        JsonNode bad = http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: qbad
                features:
                  - {name: amount, type: numeric}
                prediction: {name: score, type: categorical}
                quality: {task: binary, threshold: 2}
                """).assertProblem(422).json();
        assertTrue(bad.path("errors").toString().contains("quality.task"), bad.toString());
        assertTrue(bad.path("errors").toString().contains("quality.threshold"), bad.toString());
    }

    private void waitForReport(String model) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.get("/api/v1/models/" + model + "/drift?version=1").assertStatus(200).json().path("items")
                    .size() > 0) {
                return;
            }
            sleep();
        }
        throw new AssertionError("the window of " + model + " did not close within 90 s");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static boolean[] positives(int[] y, int n) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = y[i] == 1;
        }
        return out;
    }

    private static void same(BinaryMetrics m, JsonNode json) {
        close(m.accuracy(), json.path("accuracy").asDouble(), "accuracy");
        close(m.precision(), json.path("precision").asDouble(), "precision");
        close(m.recall(), json.path("recall").asDouble(), "recall");
        close(m.f1(), json.path("f1").asDouble(), "f1");
        close(m.rocAuc().auc(), json.path("roc_auc").asDouble(), "roc_auc");
        close(m.rocAuc().lower(), json.path("roc_auc_ci95").get(0).asDouble(), "roc_auc lower");
        close(m.prAuc(), json.path("pr_auc").asDouble(), "pr_auc");
        close(m.logLoss(), json.path("log_loss").asDouble(), "log_loss");
        close(m.brier(), json.path("brier").asDouble(), "brier");
        close(m.ece(), json.path("ece").asDouble(), "ece");
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }
}
