package io.mlctl.controlplane.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text corpus of issue 14 beside {@link OpenApiCorpusTest}: bytes that are not UTF-8 (every kind of malformed
 * sequence, at the start, in the middle, in a member name and as the last byte) in every text body, JSON's
 * {@code \u0000} in text, YAML aliases (accepted and expanded; the billion-laughs document refused), required nested
 * members, non-finite numbers in schemas, policies, versions and experiments, and ragged, unclosed or over-long CSV
 * and NDJSON. Every case is a 4xx (problem+json, or MLflow's error shape on its paths) naming the byte offset where
 * there is one, nothing in any table changes, and the server is healthy after; on H2 and PostgreSQL.
 */
class TextInputCorpusTest extends ControlPlaneTest {
    private static final String SCHEMA = """
            name: text-features
            features:
              - {name: amount, type: numeric, min: 0}
              - {name: country, type: categorical, values: [US, DE], allowOther: true}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            """;
    private static final String ROW = "{\"features\":{\"amount\":1,\"country\":\"US\"},\"prediction\":0.5}";
    /** Malformed UTF-8: stray byte, overlong NUL, bad continuation, encoded surrogate, past U+10FFFF, 5-byte form. */
    private static final List<String> BAD = List.of("ff", "c080", "c328", "eda080", "f4908080", "f888808080", "80");
    /** Every table a rejected request could write to. */
    private static final List<String> TABLES = List.of("registered_model", "model_version", "model_tag", "version_tag",
            "model_alias", "feature_schema", "api_token", "audit_log", "reference_profile", "ingest_batch",
            "drift_partial", "drift_window", "prediction_pairing", "label_batch", "experiment",
            "experiment_event_batch", "experiment_exposure", "experiment_unit_value", "retrain_policy");

    private String experimentId;
    private final List<String> failures = new ArrayList<>();
    private int cases;

    /** The server the model and experiment were made on (the class's tests share one per database). */
    private static Object setUpOn;
    private static String sharedExperimentId;

    private void setUp() {
        failures.clear();
        if (setUpOn == server) {
            experimentId = sharedExperimentId;
            return;
        }
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", "text")).assertStatus(201);
        for (int v = 1; v <= 2; v++) {
            http.post("/api/v1/models/text/versions", Map.of("artifactUri", "s3://m/" + v, "runtime", "custom",
                    "schema", "text-features")).assertStatus(201);
        }
        http.send("PUT", "/api/v1/models/text/versions/1/profile", "text/csv",
                "amount,country,score\n1,US,0.5\n2,DE,0.7\n").assertStatus(200);
        experimentId = http.send("POST", "/api/v1/experiments", "application/json", """
                {"name": "text-exp", "model": "text", "arms": [{"name": "control", "version": "1", "weight": 50},
                 {"name": "treatment", "version": "2", "weight": 50}],
                 "metrics": [{"name": "conversion", "type": "proportion", "baseline": 0.1, "mdeRelative": 0.2}]}
                """).assertStatus(201).json().path("id").asText();
        sharedExperimentId = experimentId;
        setUpOn = server;
    }

    private String state() throws SQLException {
        StringBuilder s = new StringBuilder();
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    s.append(table).append('=').append(rs.getLong(1)).append(' ');
                }
            }
        }
        return s.toString();
    }

    private TestHttp.Response send(String method, String path, String contentType, byte[] body) {
        return http.send(HttpRequest.newBuilder(server.url().resolve(path)).header("Content-Type", contentType)
                .header("Idempotency-Key", "text-" + System.nanoTime())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Sends the case; it must be a 4xx in the path's error shape whose text contains {@code mustSay} (null: anything),
     * and leave every table as it was.
     */
    private void refused(String label, String method, String path, String contentType, byte[] body, String mustSay)
            throws SQLException {
        cases++;
        String before = state();
        TestHttp.Response r = send(method, path, contentType, body);
        boolean mlflow = path.startsWith("/api/2.0/mlflow/");
        boolean shape = r.status() >= 400 && r.status() < 500 && (mlflow
                ? r.body().contains("\"error_code\"") : r.contentType().startsWith("application/problem+json"))
                && !r.body().contains("Exception") && r.body().length() < 4000;
        if (!shape) {
            failures.add(label + " -> " + r.status() + " " + cut(r.body()));
        } else if (mustSay != null && !r.body().contains(mustSay)) {
            failures.add(label + " -> should say '" + mustSay + "': " + cut(r.body()));
        }
        String after = state();
        if (!after.equals(before)) {
            failures.add(label + " wrote: " + before + "-> " + after);
        }
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** {@code text} with the bytes {@code bad} put in at the first {@code marker} (removed), and where that is. */
    private record Spliced(byte[] bytes, int offset) {
    }

    private static Spliced splice(String text, String marker, String badHex) {
        int at = text.indexOf(marker);
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(HexFormat.of().parseHex(badHex));
        out.writeBytes(tail);
        return new Spliced(out.toByteArray(), head.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void badTextIsRefusedWithItsByteOffsetAndWritesNothing() throws Exception {
        setUp();
        String exp = "/api/v1/experiments/" + experimentId + "/events";
        // (method, path, content type, body with the marker @ where the bad bytes go); several offsets per body
        Map<String, String[]> bodies = new LinkedHashMap<>();
        bodies.put("model at start", new String[]{"POST", "/api/v1/models", "application/json", "@{\"name\":\"x1\"}"});
        bodies.put("model name", new String[]{"POST", "/api/v1/models", "application/json", "{\"name\":\"x@1\"}"});
        bodies.put("model member name", new String[]{"POST", "/api/v1/models", "application/json",
                "{\"name\":\"x1\",\"tags\":{\"k@\":\"v\"}}"});
        bodies.put("model last byte", new String[]{"POST", "/api/v1/models", "application/json", "{\"name\":\"x1\"}@"});
        bodies.put("version description", new String[]{"POST", "/api/v1/models/text/versions", "application/json",
                "{\"artifactUri\":\"s3://m/9\",\"runtime\":\"custom\",\"description\":\"d@\"}"});
        bodies.put("token", new String[]{"POST", "/api/v1/tokens", "application/json",
                "{\"name\":\"t@\",\"role\":\"viewer\"}"});
        bodies.put("policy", new String[]{"PUT", "/api/v1/models/text/retrain/policy", "application/json",
                "{\"webhook\":\"http://127.0.0.1:9/h@\",\"on\":\"drift\"}"});
        bodies.put("experiment", new String[]{"POST", "/api/v1/experiments", "application/json",
                "{\"name\":\"e2\",\"model\":\"text\",\"description\":\"@\",\"arms\":[{\"name\":\"control\",\"version\":\"1\","
                        + "\"weight\":50},{\"name\":\"treatment\",\"version\":\"2\",\"weight\":50}],\"metrics\":[{\"name\":"
                        + "\"conversion\",\"type\":\"proportion\",\"baseline\":0.1,\"mdeRelative\":0.2}]}"});
        bodies.put("schema yaml", new String[]{"POST", "/api/v1/schemas", "application/yaml",
                SCHEMA.replace("text-features", "other").replace("[US, DE]", "[US, D@E]")});
        bodies.put("schema json", new String[]{"POST", "/api/v1/schemas", "application/json",
                "{\"name\":\"other\",\"features\":[{\"name\":\"a\",\"type\":\"categorical\",\"values\":[\"@\"]}]}"});
        bodies.put("samples line 1", new String[]{"POST", "/api/v1/models/text/versions/1/samples",
                "application/x-ndjson", ROW.replace("US", "U@S") + "\n" + ROW + "\n"});
        bodies.put("samples line 3", new String[]{"POST", "/api/v1/models/text/versions/1/samples",
                "application/x-ndjson", ROW + "\n" + ROW + "\n" + ROW.replace("features", "feat@ures") + "\n"});
        bodies.put("samples partial", new String[]{"POST", "/api/v1/models/text/versions/1/samples?partial=true",
                "application/x-ndjson", ROW + "\n" + ROW.replace("US", "US@") + "\n"});
        bodies.put("labels", new String[]{"POST", "/api/v1/models/text/versions/1/labels", "application/x-ndjson",
                "{\"request_id\":\"r1\",\"label\":1}\n{\"request_id\":\"r@2\",\"label\":0}\n"});
        bodies.put("events", new String[]{"POST", exp, "application/x-ndjson",
                "{\"type\":\"exposure\",\"unit\":\"u1\"}\n{\"type\":\"exposure\",\"unit\":\"u@2\"}\n"});
        bodies.put("profile csv", new String[]{"PUT", "/api/v1/models/text/versions/2/profile", "text/csv",
                "amount,country,score\n1,US,0.5\n2,D@E,0.7\n"});
        bodies.put("profile ndjson", new String[]{"PUT", "/api/v1/models/text/versions/2/profile",
                "application/x-ndjson", ROW + "\n" + ROW.replace("US", "@") + "\n"});
        bodies.put("mlflow", new String[]{"POST", "/api/2.0/mlflow/registered-models/create", "application/json",
                "{\"name\":\"mf\",\"description\":\"d@\"}"});
        for (Map.Entry<String, String[]> b : bodies.entrySet()) {
            String[] c = b.getValue();
            for (String bad : BAD) {
                Spliced s = splice(c[3], "@", bad);
                refused(b.getKey() + " 0x" + bad, c[0], c[1], c[2], s.bytes(), "byte offset " + s.offset());
            }
        }
        assertEquals(200, http.get("/health").status(), "healthy after the corpus");
        assertTrue(cases >= 120, cases + " cases");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    @Test
    void nulNonFiniteRequiredAndMalformedFilesAreRefusedAndWriteNothing() throws Exception {
        setUp();
        String exp = "/api/v1/experiments/" + experimentId + "/events";
        String json = "application/json";
        String ndjson = "application/x-ndjson";
        // U+0000, which PostgreSQL's text cannot hold
        refused("nul description", "POST", "/api/v1/models", json, utf8("{\"name\":\"n1\",\"description\":\"a\\u0000b\"}"), "description");
        refused("nul tag key", "POST", "/api/v1/models", json, utf8("{\"name\":\"n1\",\"tags\":{\"k\\u0000\":\"v\"}}"), "U+0000");
        refused("nul token", "POST", "/api/v1/tokens", json, utf8("{\"name\":\"t\\u0000\",\"role\":\"viewer\"}"), "name");
        refused("nul version", "POST", "/api/v1/models/text/versions", json,
                utf8("{\"artifactUri\":\"s3://m/\\u0000\",\"runtime\":\"custom\"}"), "artifactUri");
        refused("nul policy", "PUT", "/api/v1/models/text/retrain/policy", json,
                utf8("{\"webhook\":\"http://127.0.0.1:9/h\",\"on\":\"drift\",\"cooldown\":\"1h\\u0000\"}"), "cooldown");
        refused("nul mlflow", "POST", "/api/2.0/mlflow/registered-models/create", json,
                utf8("{\"name\":\"mf\",\"description\":\"a\\u0000\"}"), "U+0000");
        refused("nul sample", "POST", "/api/v1/models/text/versions/1/samples", ndjson,
                utf8(ROW.replace("US", "U\\u0000S") + "\n"), "U+0000");
        refused("nul request id", "POST", "/api/v1/models/text/versions/1/samples", ndjson,
                utf8(ROW.replace("{\"features\"", "{\"request_id\":\"r\\u0000\",\"features\"") + "\n"), "U+0000");
        refused("nul label", "POST", "/api/v1/models/text/versions/1/labels", ndjson,
                utf8("{\"request_id\":\"r\\u00001\",\"label\":1}\n"), "U+0000");
        refused("nul unit", "POST", exp, ndjson, utf8("{\"type\":\"exposure\",\"unit\":\"u\\u0000\"}\n"), null);
        // the same rules for the path and the query, percent-decoded
        byte[] none = new byte[0];
        refused("nul query", "GET", "/api/v1/audit?actor=%00", json, none, "byte offset 0");
        refused("nul query on a write", "POST", "/api/v1/models/text/versions/1/samples?partial=%00", ndjson,
                utf8(ROW + "\n"), "U+0000");
        refused("bad query", "GET", "/api/v1/models?name=a%C0%80", json, none, "byte offset 1");
        refused("bad query name", "GET", "/api/v1/models?n%FFme=a", json, none, "byte offset 1");
        refused("bad path", "PUT", "/api/v1/models/text/aliases/pr%FFod", json, utf8("{\"version\":1}"), "byte offset 30");
        refused("nul path", "POST", "/api/v1/models/te%00xt/versions", json,
                utf8("{\"artifactUri\":\"s3://m/9\",\"runtime\":\"custom\"}"), "U+0000");
        // non-finite numbers
        String feature = "name: nf\nfeatures:\n  - {name: a, type: numeric, %s}\n";
        for (String n : List.of("min: 1e400", "max: -1e400", "min: .inf", "max: .nan")) {
            refused("schema " + n, "POST", "/api/v1/schemas", "application/yaml", utf8(feature.formatted(n)), "finite");
        }
        refused("schema json 1e400", "POST", "/api/v1/schemas", json,
                utf8("{\"name\":\"nf\",\"features\":[{\"name\":\"a\",\"type\":\"numeric\",\"min\":1e400}]}"), "finite");
        refused("schema threshold", "POST", "/api/v1/schemas", "application/yaml",
                utf8("name: nf\nfeatures: [{name: a, type: numeric}]\ndrift: {thresholds: {psi: 1e400}}\n"), "finite");
        refused("policy 1e400", "PUT", "/api/v1/models/text/retrain/policy", json,
                utf8("{\"webhook\":\"http://127.0.0.1:9/h\",\"on\":\"drift\",\"minDriftShare\":1e400}"), "minDriftShare");
        refused("version metric 1e400", "POST", "/api/v1/models/text/versions", json,
                utf8("{\"artifactUri\":\"s3://m/9\",\"runtime\":\"custom\",\"metrics\":{\"auc\":1e400}}"), "metrics.auc");
        String experiment = "{\"name\":\"e3\",\"model\":\"text\",\"alpha\":%s,\"arms\":[{\"name\":\"control\",\"version\":\"1\","
                + "\"weight\":50},{\"name\":\"treatment\",\"version\":\"2\",\"weight\":50}],\"metrics\":[{\"name\":"
                + "\"conversion\",\"type\":\"proportion\",\"baseline\":%s,\"mdeRelative\":0.2}]}";
        refused("experiment alpha 1e400", "POST", "/api/v1/experiments", json, utf8(experiment.formatted("1e400", "0.1")), "alpha");
        refused("experiment baseline -1e400", "POST", "/api/v1/experiments", json,
                utf8(experiment.formatted("0.05", "-1e400")), "baseline");
        refused("experiment description 1 MB", "POST", "/api/v1/experiments", json, utf8(experiment.formatted("0.05", "0.1")
                .replace("{\"name\":\"e3\",", "{\"name\":\"e3\",\"description\":\"" + "d".repeat(1_000_000) + "\",")),
                "description");
        refused("trigger evidence 300 KB", "POST", "/api/v1/models/text/retrain/triggers", json,
                utf8("{\"version\":1,\"reason\":\"manual\",\"evidence\":{\"k\":\"" + "e".repeat(300_000) + "\"}}"),
                "evidence");
        refused("event value 1e400", "POST", exp, ndjson,
                utf8("{\"type\":\"metric\",\"unit\":\"u1\",\"metric\":\"conversion\",\"value\":1e400}\n"), null);
        // required members at every depth
        refused("gpu without count", "POST", "/api/v1/models/text/versions", json,
                utf8("{\"artifactUri\":\"s3://m/9\",\"runtime\":\"custom\",\"serving\":{\"gpu\":{\"product\":\"a100\"}}}"),
                "serving.gpu.count");
        refused("alias without version", "PUT", "/api/v1/models/text/aliases/prod", json, utf8("{\"expectedVersion\":1}"),
                "version");
        refused("arm without weight", "POST", "/api/v1/experiments", json, utf8(experiment.formatted("0.05", "0.1")
                .replace(",\"weight\":50}]", "}]")), "weight");
        refused("metric without name", "POST", "/api/v1/experiments", json, utf8(experiment.formatted("0.05", "0.1")
                .replace("\"name\":\"conversion\",", "")), "name");
        refused("trigger without version", "POST", "/api/v1/models/text/retrain/triggers", json,
                utf8("{\"reason\":\"manual\"}"), "version");
        // CSV and NDJSON files
        String profile = "/api/v1/models/text/versions/2/profile";
        refused("ragged row", "PUT", profile, "text/csv", utf8("amount,country,score\n1,US,0.5\n2,DE\n"), "line 3");
        refused("long row", "PUT", profile, "text/csv", utf8("amount,country,score\n1,US,0.5,9\n"), "line 2");
        refused("unclosed quote", "PUT", profile, "text/csv", utf8("amount,country,score\n1,\"US,0.5\n2,DE,0.7\n"), "line 2");
        refused("over-long cell", "PUT", profile, "text/csv",
                utf8("amount,country,score\n1,US,0.5\n2," + "x".repeat(1024 * 1024 + 10) + ",0.7\n"), "line 3");
        refused("over-long category", "PUT", profile, "text/csv",
                utf8("amount,country,score\n1," + "y".repeat(1025) + ",0.5\n"), "line 2");
        refused("over-long ndjson line", "POST", "/api/v1/models/text/versions/1/samples", ndjson,
                utf8(ROW + "\n" + ROW.replace("US", "z".repeat(1024 * 1024 + 10)) + "\n"), "line");
        refused("over-long sample category", "POST", "/api/v1/models/text/versions/1/samples", ndjson,
                utf8(ROW.replace("US", "w".repeat(1025)) + "\n"), "line");
        assertEquals(200, http.get("/health").status(), "healthy after the corpus");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    @Test
    void yamlAliasesAreExpandedAndTheBillionLaughsIsRefused() throws Exception {
        setUp();
        TestHttp.Response ok = http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: aliased
                features:
                  - {name: color, type: categorical, values: &common [red, green, blue]}
                  - {name: shade, type: categorical, values: *common}
                  - &num {name: amount, type: numeric, min: 0}
                  - {<<: *num, name: fee}
                """).assertStatus(201);
        JsonNode features = ok.json().path("schema").path("features");
        assertEquals("[\"red\",\"green\",\"blue\"]", features.get(1).path("values").toString(), ok.body());
        assertEquals("numeric", features.get(3).path("type").asText(), ok.body());
        assertEquals(0.0, features.get(3).path("min").asDouble(-1), ok.body());

        StringBuilder lol = new StringBuilder("name: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            lol.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        lol.append("features: *l9\n");
        refused("billion laughs", "POST", "/api/v1/schemas", "application/yaml", utf8(lol.toString()),
                "aliases expand to more than");
        refused("billion laughs as features", "POST", "/api/v1/schemas", "application/yaml",
                utf8(lol.toString().replace("features: *l9\n", "features:\n"
                        + "  - {name: a, type: categorical, values: *l9}\n")), "aliases expand to more than");
        refused("unknown alias", "POST", "/api/v1/schemas", "application/yaml",
                utf8("name: u\nfeatures: *nothing\n"), "*nothing");
        refused("recursive alias", "POST", "/api/v1/schemas", "application/yaml",
                utf8("name: u\nfeatures: &me [*me]\n"), "*me");
        refused("two documents", "POST", "/api/v1/schemas", "application/yaml",
                utf8("name: u\nfeatures: [{name: a, type: numeric}]\n---\nname: v\n"), "more than one YAML document");
        assertEquals(200, http.get("/health").status(), "healthy after the corpus");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
