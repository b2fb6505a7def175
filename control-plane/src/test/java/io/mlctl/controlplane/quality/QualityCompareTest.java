package io.mlctl.controlplane.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shadow's two versions compared on the same labelled requests: both logged the same request ids, labels came to
 * either version, and each version's realized metrics over those requests match the model-quality module's.
 */
class QualityCompareTest extends ControlPlaneTest {

    @Test
    void bothVersionsOnTheSameLabelledRequests() {
        String model = "qcmp-" + kind.name().toLowerCase(Locale.ROOT);
        QualityModels.binaryModel(http, model);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                "schema", model + "-q")).assertStatus(201);
        StringBuilder ref = new StringBuilder("amount,score\n");
        Random rr = new Random(8);
        for (int i = 0; i < 500; i++) {
            ref.append(String.format(Locale.ROOT, "%.3f,%.5f%n", 10 + 5 * rr.nextDouble(), rr.nextDouble()));
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/2/profile", "text/csv", ref.toString())
                .assertStatus(200);
        Random r = new Random(21);
        int n = 300;
        double[] base = new double[n];
        double[] cand = new double[n];
        boolean[] y = new boolean[n];
        StringBuilder bs = new StringBuilder();
        StringBuilder cs = new StringBuilder();
        StringBuilder l1 = new StringBuilder();
        StringBuilder l2 = new StringBuilder();
        Instant ts = Instant.now().minusSeconds(2);
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean();
            base[i] = Math.round(Math.min(1, Math.max(0, (y[i] ? 0.65 : 0.35) + 0.2 * r.nextGaussian())) * 1e4) / 1e4;
            cand[i] = Math.round(r.nextDouble() * 1e4) / 1e4;
            bs.append(sample(i, ts, base[i]));
            cs.append(sample(i, ts, cand[i]));
            // labels reach one version or the other: a request has one truth
            (i < 200 ? l1 : l2).append("{\"request_id\":\"c").append(i).append("\",\"label\":").append(y[i] ? 1 : 0)
                    .append("}\n");
        }
        // a request only the baseline logged does not count
        bs.append(sample(n, ts, 0.9));
        post(model, 1, "samples", bs.toString());
        post(model, 2, "samples", cs.toString());
        post(model, 1, "labels", l1.toString() + "{\"request_id\":\"c" + n + "\",\"label\":0}\n");
        post(model, 2, "labels", l2.toString());

        JsonNode c = http.get("/api/v1/models/" + model + "/quality/compare?baseline=1&candidate=2").assertStatus(200)
                .json();
        assertEquals(n, c.path("pairs").asLong(), c.toString());
        assertEquals("binary", c.path("task").asText());
        BinaryMetrics b = BinaryMetrics.of(base, y, 0.5);
        BinaryMetrics k = BinaryMetrics.of(cand, y, 0.5);
        assertEquals(b.rocAuc().auc(), c.at("/baseline/roc_auc").asDouble(), 1e-12);
        assertEquals(k.rocAuc().auc(), c.at("/candidate/roc_auc").asDouble(), 1e-12);
        assertEquals(b.accuracy(), c.at("/baseline/accuracy").asDouble(), 1e-12);
        assertEquals(k.logLoss(), c.at("/candidate/log_loss").asDouble(), 1e-12);
        assertEquals(k.rocAuc().auc() - b.rocAuc().auc(), c.at("/difference/roc_auc").asDouble(), 1e-12);
        assertTrue(c.at("/difference/roc_auc").asDouble() < -0.1, "the random candidate ranks worse: " + c);

        JsonNode none = http.get("/api/v1/models/" + model + "/quality/compare?baseline=2&candidate=1").json();
        assertEquals(n, none.path("pairs").asLong(), "symmetric in the requests it covers");
        http.get("/api/v1/models/" + model + "/quality/compare?baseline=1&candidate=1").assertProblem(400);
        http.get("/api/v1/models/" + model + "/quality/compare?baseline=1&candidate=9").assertProblem(404);
        http.get("/api/v1/models/" + model + "/quality/compare?baseline=1").assertProblem(400);
    }

    private static String sample(int i, Instant ts, double score) {
        return String.format(Locale.ROOT, "{\"request_id\":\"c%d\",\"ts\":\"%s\",\"features\":{\"amount\":12},"
                + "\"prediction\":%.4f}%n", i, ts, score);
    }

    private void post(String model, int version, String what, String body) {
        http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/models/" + model + "/versions/" + version
                        + "/" + what)).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", what + "-" + version).POST(HttpRequest.BodyPublishers.ofString(body)))
                .assertStatus(200);
    }
}
