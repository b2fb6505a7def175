package io.mlctl.controlplane.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of bad sample batches and reference files: each gets a 4xx problem+json naming the line and the reason,
 * nothing is stored, and the server keeps serving.
 */
class BadInputCorpusTest extends ControlPlaneTest {
    private static final String OK_ROW = "{\"features\":{\"amount\":10,\"country\":\"US\",\"is_new\":true},\"prediction\":0.2}";
    private Object registeredOn;

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.ingest.max-upload-bytes", "2MB", "micronaut.server.max-request-buffer-size", "256KB",
                "mlctl.ingest.max-batch-bytes", "65536", "mlctl.ingest.max-line-bytes", "1024");
    }

    @BeforeEach
    void model() {
        if (registeredOn != server) {
            Registry.modelWithVersion(http, "corpus");
            http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv",
                    SampleData.referenceCsv(500, 1)).assertStatus(200);
            registeredOn = server;
        }
    }

    private TestHttp.Response post(String body, String contentType) {
        return http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/corpus/versions/1/samples"))
                .header("Content-Type", contentType).header("Idempotency-Key", "bad-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends a good row, then the bad line at line 2: expects 422 naming line 2 with the reason. */
    private void rejectedAtLine2(String badLine, String reasonContains) {
        TestHttp.Response r = post(OK_ROW + "\n" + badLine + "\n", "application/x-ndjson").assertProblem(422);
        JsonNode errors = r.json().path("errors");
        assertEquals(1, errors.size(), r.body());
        assertEquals(2, errors.get(0).path("line").asInt(), r.body());
        assertTrue(errors.get(0).path("reason").asText().contains(reasonContains),
                () -> "reason should mention '" + reasonContains + "': " + r.body());
        assertEquals(0, r.json().path("accepted").asInt());
    }

    @Test
    void badSampleRowsAre422WithLineAndReasonAndStoreNothing() throws SQLException {
        rejectedAtLine2("{\"features\":{\"amount\":", "malformed JSON");
        rejectedAtLine2("not json at all", "malformed JSON");
        rejectedAtLine2("[1,2,3]", "JSON object");
        rejectedAtLine2("\"just a string\"", "JSON object");
        rejectedAtLine2("{} {}", "more than one");
        rejectedAtLine2("{\"features\":{\"amount\":\"12\"}}", "must be a number");
        rejectedAtLine2("{\"features\":{\"amount\":10,\"is_new\":\"yes\"}}", "true or false");
        rejectedAtLine2("{\"features\":{\"amount\":10,\"country\":{\"a\":1}}}", "categorical");
        rejectedAtLine2("{\"features\":{\"amount\":10,\"colour\":\"red\"}}", "unknown feature 'colour'");
        rejectedAtLine2("{\"features\":{\"amount\":10},\"extra\":1}", "unknown field 'extra'");
        rejectedAtLine2("{\"features\":{\"amount\":NaN}}", "required");
        rejectedAtLine2("{\"features\":{\"amount\":null}}", "required");
        rejectedAtLine2("{\"features\":{\"country\":\"US\"}}", "required");
        rejectedAtLine2("{\"features\":{\"amount\":-1}}", "minimum");
        rejectedAtLine2("{\"features\":{\"amount\":Infinity}}", "finite");
        rejectedAtLine2("{\"features\":{\"amount\":10},\"prediction\":1.5}", "maximum");
        rejectedAtLine2("{\"ts\":\"yesterday\",\"features\":{\"amount\":10}}", "ISO-8601");
        rejectedAtLine2("{\"ts\":\"2999-01-01T00:00:00Z\",\"features\":{\"amount\":10}}", "future");
        rejectedAtLine2("{\"ts\":\"2001-01-01T00:00:00Z\",\"features\":{\"amount\":10}}", "late");
        rejectedAtLine2("{\"features\":{\"amount\":10,\"country\":\"" + "x".repeat(2000) + "\"}}", "longer than 1024");
        rejectedAtLine2("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "unknown field");
        rejectedAtLine2("\u0000\u0001\u0002garbage", "malformed JSON");

        post("", "application/x-ndjson").assertProblem(400);
        post("\n\n  \n", "application/x-ndjson").assertProblem(400);
        post((OK_ROW + "\n").repeat(1000), "application/x-ndjson").assertProblem(413);
        post(OK_ROW, "text/html").assertProblem(415);
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/corpus/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(OK_ROW))).assertProblem(400);
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/corpus/versions/7/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(OK_ROW))).assertProblem(404);

        assertEquals(0, count("ingest_batch"));
        assertEquals(0, count("drift_partial"));
        assertEquals(0, count("drift_window"));
        // and the server is unharmed
        http.get("/health").assertStatus(200);
        post(OK_ROW + "\n", "application/x-ndjson").assertStatus(200);
        assertEquals(1, count("ingest_batch"));
    }

    @Test
    void badReferenceFilesAreRejectedAndLargeOnesStream() {
        TestHttp.Response missing = http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv",
                "amount,country\n1,US\n").assertProblem(422);
        assertTrue(missing.detail().contains("is_new"), missing.body());
        TestHttp.Response bad = http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv",
                "amount,country,is_new,score\n1,US,true,0.5\nabc,US,true,0.5\n-3,US,true,0.5\n").assertProblem(422);
        assertEquals(2, bad.json().path("errors").size(), bad.body());
        assertEquals(3, bad.json().path("errors").get(0).path("line").asInt(), bad.body());
        assertEquals(4, bad.json().path("errors").get(1).path("line").asInt(), bad.body());
        http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv", "").assertProblem(400);
        http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "image/png", "x").assertProblem(415);
        http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "application/x-ndjson",
                "{\"features\":{\"amount\":\"x\"}}\n").assertProblem(422);

        // far above the 256 KB held in memory: streamed; above the 2 MB cap: 413
        String csv = SampleData.referenceCsv(40_000, 9);
        assertTrue(csv.length() > 512_000 && csv.length() < 2_000_000, "size " + csv.length());
        http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv", csv).assertStatus(200);
        http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv", csv + csv.repeat(3))
                .assertProblem(413);
        http.get("/health").assertStatus(200);
    }

    /** Ragged rows, an open quote, a cell past the line limit, an over-long category: 422 with the line. */
    @Test
    void malformedCsvIs422WithItsLine() {
        String header = "amount,country,is_new,score\n";
        String ok = "1,US,true,0.5\n";
        String before = http.get("/api/v1/models/corpus/versions/1/profile").assertStatus(200).body();
        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put(header + ok + "1,US,true,0.5,extra\n", 3);
        cases.put(header + ok + ok + "1,US,true\n", 4);
        cases.put(header + ok + "1,\"US,true,0.5\n" + ok, 3);
        cases.put(header + ok + "1," + "C".repeat(1025) + ",true,0.5\n", 3);
        cases.put(header + ok + "1,\"" + "x".repeat(1_100_000) + "\",true,0.5\n", 3);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            TestHttp.Response r = http.send("PUT", "/api/v1/models/corpus/versions/1/profile", "text/csv", c.getKey())
                    .assertProblem(422);
            assertEquals(c.getValue(), r.json().path("errors").path(0).path("line").asInt(), r.body());
            assertTrue(r.body().length() < 4000, "short error");
        }
        // a sample with an over-long category is refused too, and the stored profile reads as before
        TestHttp.Response s = post("{\"features\":{\"amount\":1,\"country\":\"" + "C".repeat(1025)
                + "\",\"is_new\":true},\"prediction\":0.2}\n", "application/x-ndjson").assertProblem(422);
        assertTrue(s.body().contains("1024"), s.body());
        assertEquals(before, http.get("/api/v1/models/corpus/versions/1/profile").assertStatus(200).body());
    }

    private long count(String table) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
