package io.mlctl.cli.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.Printer;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mlctl labels send} (batched, re-run safe) and {@code mlctl quality status} against a real control plane. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QualityCliTest {
    private TestDatabase db;
    private ControlPlaneServer server;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        db = TestDatabase.h2();
        server = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h"));
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private CliRun mlctl(String... args) {
        return CliRun.of(server.url(), server.adminToken(), 2, args);
    }

    @Test
    void sendLabelsThenQualityStatus() throws IOException {
        TestHttp http = server.http(server.adminToken());
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: cliq
                features:
                  - {name: amount, type: numeric, min: 0}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                quality: {task: binary, positive: 1, threshold: 0.4}
                """).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", "cliq")).assertStatus(201);
        http.post("/api/v1/models/cliq/versions", Map.of("artifactUri", "s3://m/1", "runtime", "custom",
                "schema", "cliq")).assertStatus(201);
        Random r = new Random(3);
        StringBuilder ref = new StringBuilder("amount,score\n");
        for (int i = 0; i < 300; i++) {
            ref.append(String.format(Locale.ROOT, "%.2f,%.4f%n", 5 + r.nextDouble(), r.nextDouble()));
        }
        http.send("PUT", "/api/v1/models/cliq/versions/1/profile", "text/csv", ref.toString()).assertStatus(200);

        int n = 200;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        StringBuilder samples = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        Instant ts = Instant.now();
        for (int i = 0; i < n; i++) {
            positive[i] = r.nextDouble() < 0.4;
            scores[i] = Math.min(1, Math.max(0, (positive[i] ? 0.6 : 0.3) + 0.2 * r.nextGaussian()));
            samples.append("{\"request_id\":\"q").append(i).append("\",\"ts\":\"").append(ts)
                    .append("\",\"features\":{\"amount\":5},\"prediction\":").append(scores[i]).append("}\n");
            labels.append("{\"request_id\":\"q").append(i).append("\",\"label\":").append(positive[i] ? 1 : 0)
                    .append("}\n");
        }
        labels.append("{\"request_id\":\"unknown-1\",\"label\":1}\n");
        Files.writeString(dir.resolve("samples.ndjson"), samples);
        Files.writeString(dir.resolve("labels.ndjson"), labels);
        assertEquals(0, mlctl("samples", "send", "cliq", "1", dir.resolve("samples.ndjson").toString(),
                "--no-progress").exit());

        CliRun sent = mlctl("labels", "send", "cliq", "1", dir.resolve("labels.ndjson").toString(), "--batch-size",
                "60", "--no-progress", "--output", "json");
        assertEquals(0, sent.exit(), sent.err());
        JsonNode s = sent.json();
        assertEquals(4, s.path("batches").asInt(), s.toString());
        assertEquals(n + 1, s.path("accepted").asLong());
        assertEquals(n, s.path("matched").asLong());
        assertEquals(1, s.path("unmatched").asLong());
        assertEquals(0, s.path("expired").asLong());

        // the same command again: every batch is a duplicate, nothing is counted or changed
        JsonNode again = mlctl("labels", "send", "cliq", "1", dir.resolve("labels.ndjson").toString(),
                "--batch-size", "60", "--no-progress", "--output", "json").json();
        assertEquals(4, again.path("duplicateBatches").asInt(), again.toString());
        assertEquals(0, again.path("matched").asLong());

        CliRun status = mlctl("quality", "status", "cliq", "--version", "1", "--output", "json");
        assertEquals(0, status.exit(), status.err());
        JsonNode q = status.json();
        assertEquals(http.get("/api/v1/models/cliq/quality?version=1").assertStatus(200).json(), q);
        assertEquals("binary", q.path("task").asText());
        JsonNode w = q.path("items").get(0);
        assertEquals(n, w.path("predictions").asLong());
        assertEquals(n, w.path("labeled").asLong());
        assertEquals(1.0, w.path("coverage").asDouble());
        BinaryMetrics m = BinaryMetrics.of(scores, positive, 0.4);
        assertEquals(m.accuracy(), w.path("metrics").path("accuracy").asDouble(), 1e-12);
        assertEquals(m.f1(), w.path("metrics").path("f1").asDouble(), 1e-12);
        assertEquals(m.rocAuc().auc(), w.path("metrics").path("roc_auc").asDouble(), 1e-12);
        assertEquals(m.rocAuc().upper(), w.path("metrics").path("roc_auc_ci95").get(1).asDouble(), 1e-12);
        assertEquals(m.prAuc(), w.path("metrics").path("pr_auc").asDouble(), 1e-12);
        assertTrue(w.path("estimated").path("roc_auc").isNumber(), w.toString());

        CliRun table = mlctl("quality", "status", "cliq", "--version", "1");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("ROC_AUC") && table.out().contains("ACCURACY_EST")
                && table.out().contains("100.0%"), table.out());
        assertTrue(table.out().contains("page: " + server.url().toString().replaceAll("/+$", "")
                + "/models/cliq/quality?version=1&limit=100"), table.out());
        CliRun page = mlctl("quality", "status", "cliq", "--version", "1", "--html", dir.resolve("q.html").toString());
        assertEquals(0, page.exit(), page.err());
        String html = Files.readString(dir.resolve("q.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg class=\"chart roc-chart\""), html);
        assertEquals(4, mlctl("quality", "status", "cliq", "--version", "9").exit());

        // a second version that logged the same requests: compared on the same labelled ones
        http.post("/api/v1/models/cliq/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                "schema", "cliq")).assertStatus(201);
        http.send("PUT", "/api/v1/models/cliq/versions/2/profile", "text/csv", ref.toString()).assertStatus(200);
        assertEquals(0, mlctl("samples", "send", "cliq", "2", dir.resolve("samples.ndjson").toString(),
                "--no-progress").exit());
        CliRun compare = mlctl("quality", "compare", "cliq", "--baseline", "1", "--candidate", "2", "--output", "json");
        assertEquals(0, compare.exit(), compare.err());
        JsonNode c = compare.json();
        assertEquals(n, c.path("pairs").asLong(), c.toString());
        assertEquals(0.0, c.path("difference").path("roc_auc").asDouble(), 1e-12, "same predictions, same quality");
        CliRun compareTable = mlctl("quality", "compare", "cliq", "--baseline", "1", "--candidate", "2");
        assertTrue(compareTable.out().contains("DIFFERENCE") && compareTable.out().contains("+0.0000"), compareTable.out());
        assertEquals(64, mlctl("quality", "compare", "cliq", "--baseline", "1").exit());
    }
}
