package io.mlctl.controlplane.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry over HTTP, as the CLI and the operator use it: the happy path and every bad input of issue 2. */
class RegistryApiTest extends ControlPlaneTest {
    static final String SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new_customer, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            """;

    private String token(String role) {
        return http.post("/api/v1/tokens", Map.of("name", role + "-" + System.nanoTime(), "role", role))
                .assertStatus(201).json().path("token").asText();
    }

    private long auditTotal() {
        return http.get("/api/v1/audit?size=1").assertStatus(200).json().path("total").asLong();
    }

    /** Sends a bad request and checks the problem answer and that the audit log (every write) did not move. */
    private TestHttp.Response rejected(int status, java.util.function.Supplier<TestHttp.Response> call) {
        long before = auditTotal();
        TestHttp.Response r = call.get().assertProblem(status);
        assertEquals(before, auditTotal(), "a rejected request wrote something: " + r.body());
        return r;
    }

    private void model(String name) {
        http.post("/api/v1/models", Map.of("name", name, "owner", "alice")).assertStatus(201);
    }

    private int register(String model, Object body) {
        return http.post("/api/v1/models/" + model + "/versions", body).assertStatus(201).json().path("version").asInt();
    }

    private static Map<String, Object> version(String artifact) {
        return Map.of("artifactUri", artifact, "runtime", "triton");
    }

    @Test
    void theWholeLoopOverHttp() {
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted("loop-features")).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", "loop", "description", "fraud scorer", "tags", Map.of("team", "risk")))
                .assertStatus(201);
        int v1 = register("loop", Map.of("artifactUri", "s3://m/loop/1", "runtime", "triton",
                "schema", "loop-features@1", "serving", Map.of("image", "nvcr.io/nvidia/tritonserver:24.08-py3",
                        "port", 8000, "gpu", Map.of("count", 1, "product", "NVIDIA-A100-SXM4-40GB")),
                "metrics", Map.of("auc", 0.93), "lineage", Map.of("runId", "r-1", "gitCommit", "abc")));
        int v2 = register("loop", version("s3://m/loop/2"));
        assertEquals(List.of(1, 2), List.of(v1, v2));
        http.put("/api/v1/models/loop/aliases/production", Map.of("version", 1)).assertStatus(200);
        JsonNode resolved = http.get("/api/v1/resolve?uri=models:/loop@production").assertStatus(200).json();
        assertEquals(1, resolved.path("version").asInt());
        assertEquals("NVIDIA-A100-SXM4-40GB", resolved.path("serving").path("gpu").path("product").asText());
        assertEquals("loop-features@1", resolved.path("schema").asText());
        assertEquals(2, http.get("/api/v1/resolve?uri=models:/loop/2").json().path("version").asInt());
        http.put("/api/v1/models/loop/aliases/production", Map.of("version", 2, "expectedVersion", 1)).assertStatus(200);
        JsonNode history = http.get("/api/v1/models/loop/aliases/production/history").json();
        assertEquals(2, history.path("total").asInt());
        JsonNode model = http.get("/api/v1/models/loop").json();
        assertEquals(2, model.path("aliases").path("production").asInt());
        assertEquals(2, model.path("latestVersion").asInt());
        assertEquals(1, http.get("/api/v1/models?tag=team=risk&name=oo").json().path("total").asInt());
        JsonNode audit = http.get("/api/v1/audit?target=models/loop").json();
        assertTrue(audit.path("total").asInt() >= 5, audit.toString());
    }

    @Test
    void invalidModelAndAliasNamesAre400() {
        rejected(400, () -> http.post("/api/v1/models", Map.of("name", "Fraud_Model")));
        rejected(400, () -> http.post("/api/v1/models", Map.of("name", "x".repeat(64))));
        rejected(400, () -> http.post("/api/v1/models", Map.of("name", "-fraud")));
        rejected(400, () -> http.post("/api/v1/models", Map.of("description", "no name")));
        model("names");
        register("names", version("s3://n"));
        TestHttp.Response r = rejected(400, () -> http.put("/api/v1/models/names/aliases/Prod", Map.of("version", 1)));
        assertTrue(r.detail().contains("alias 'Prod' is invalid"), r.body());
        rejected(400, () -> http.put("/api/v1/models/names/aliases/latest", Map.of("version", 1)));
        rejected(400, () -> http.get("/api/v1/resolve?uri=fraud@production"));
    }

    @Test
    void duplicatesAre409() {
        model("twice");
        TestHttp.Response r = rejected(409, () -> http.post("/api/v1/models", Map.of("name", "twice")));
        assertEquals("model 'twice' already exists", r.detail());
    }

    @Test
    void unknownModelsVersionsAndAliasesAre404() {
        model("known");
        rejected(404, () -> http.get("/api/v1/models/unknown"));
        rejected(404, () -> http.get("/api/v1/models/known/versions/3"));
        rejected(404, () -> http.post("/api/v1/models/unknown/versions", version("s3://x")));
        rejected(404, () -> http.get("/api/v1/models/known/aliases/production"));
        rejected(404, () -> http.get("/api/v1/resolve?uri=models:/known@production"));
        rejected(404, () -> http.patch("/api/v1/models/unknown", Map.of("description", "x")));
        rejected(404, () -> http.get("/api/v1/schemas/nothing"));
        rejected(404, () -> http.get("/api/v1/schemas/nothing/1"));
        rejected(404, () -> http.post("/api/v1/models/known/versions",
                Map.of("artifactUri", "s3://x", "runtime", "triton", "schema", "nothing@3")));
    }

    @Test
    void aliasToAMissingVersionIs404AndChangesNothing() {
        model("aim");
        register("aim", version("s3://a"));
        http.put("/api/v1/models/aim/aliases/production", Map.of("version", 1)).assertStatus(200);
        TestHttp.Response r = rejected(404, () -> http.put("/api/v1/models/aim/aliases/production", Map.of("version", 7)));
        assertEquals("model 'aim' has no version 7", r.detail());
        assertEquals(1, http.get("/api/v1/models/aim/aliases/production").json().path("version").asInt());
        assertEquals(1, http.get("/api/v1/models/aim/aliases/production/history").json().path("total").asInt());
    }

    @Test
    void malformedSchemasAre400NamingTheLine() {
        TestHttp.Response yaml = rejected(400, () -> http.send("POST", "/api/v1/schemas", "application/yaml",
                "name: broken\nfeatures:\n  - {name: amount, type: numeric\n  - {name: b, type: boolean}\n"));
        assertTrue(yaml.detail().startsWith("malformed YAML at line "), yaml.body());
        assertTrue(yaml.json().path("errors").path(0).path("line").asInt() >= 3, yaml.body());
        TestHttp.Response json = rejected(400, () -> http.send("POST", "/api/v1/schemas", "application/json",
                "{\"name\": \"broken\",\n \"features\": [\n   {\"name\": \"a\", \"type\": numeric}]}"));
        assertEquals(3, json.json().path("errors").path(0).path("line").asInt(), json.body());
        TestHttp.Response invalid = rejected(422, () -> http.send("POST", "/api/v1/schemas", "application/yaml",
                "name: broken\nfeatures:\n  - {name: a, type: numeric, min: 2, max: 1}\n"));
        assertEquals(3, invalid.json().path("errors").path(0).path("line").asInt(), invalid.body());
        rejected(415, () -> http.send("POST", "/api/v1/schemas", "text/plain", "name: x"));
        rejected(404, () -> http.get("/api/v1/schemas/broken"));
    }

    @Test
    void warnLevelsAndTheDatasetDriftShareAreStoredAndBadOnesAre422() {
        String doc = "name: levels\nfeatures:\n  - {name: a, type: numeric}\ndrift:\n  datasetDriftShare: %s\n"
                + "  thresholds: {psi: {warn: %s, drift: 0.2}}\n";
        JsonNode drift = http.send("POST", "/api/v1/schemas", "application/yaml", doc.formatted("0.3", "0.05"))
                .assertStatus(201).json().path("schema").path("drift");
        assertEquals(0.3, drift.path("datasetDriftShare").asDouble(), drift.toString());
        assertEquals(0.05, drift.path("warn").path("psi").asDouble(), drift.toString());
        assertEquals(0.2, drift.path("thresholds").path("psi").asDouble(), drift.toString());
        assertEquals(drift, http.get("/api/v1/schemas/levels/1").assertStatus(200).json().path("schema").path("drift"));
        TestHttp.Response bad = rejected(422, () -> http.send("POST", "/api/v1/schemas", "application/yaml",
                doc.formatted("0", "0.5")));
        assertEquals(5, bad.json().path("errors").path(0).path("line").asInt(), bad.body());
        assertEquals(6, bad.json().path("errors").path(1).path("line").asInt(), bad.body());
        assertEquals(1, http.get("/api/v1/schemas/levels").json().path("total").asInt(), "nothing stored");
    }

    @Test
    void oversizedSchemaIs413() {
        String big = "name: big\nfeatures:\n" + "  - {name: f, type: boolean}\n".repeat(40_000);
        rejected(413, () -> http.send("POST", "/api/v1/schemas", "application/yaml", big));
    }

    @Test
    void schemaVersionsCarryTheirCompatibilityReport() {
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted("evo")).assertStatus(201);
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted("evo")).assertStatus(200);
        String narrowed = SCHEMA.formatted("evo").replace("allowOther: true", "allowOther: false")
                .replace("prediction:", "  - {name: device, type: categorical, values: [ios, android], required: true}\nprediction:");
        TestHttp.Response refused = rejected(409, () -> http.send("POST", "/api/v1/schemas?requireCompatible=true",
                "application/yaml", narrowed));
        assertTrue(refused.json().path("compatibility").path("changes").size() >= 2, refused.body());
        JsonNode v2 = http.send("POST", "/api/v1/schemas", "application/yaml", narrowed).assertStatus(201).json();
        assertEquals("evo@2", v2.path("ref").asText());
        assertEquals(false, v2.path("compatibility").path("compatible").asBoolean());
        JsonNode diff = http.get("/api/v1/schemas/evo/2/diff?against=1").assertStatus(200).json();
        assertEquals(false, diff.path("compatible").asBoolean());
        assertEquals(2, http.get("/api/v1/schemas/evo").json().path("total").asInt());
        assertEquals(2, http.get("/api/v1/schemas/evo/latest").json().path("version").asInt());
    }

    @Test
    void tokensAndRolesGuardTheRegistry() {
        String viewer = token("viewer");
        String editor = token("editor");
        model("guarded");
        rejected(401, () -> server.http(null).get("/api/v1/models"));
        rejected(401, () -> server.http("mlctl_forged").post("/api/v1/models", Map.of("name", "forged")));
        server.http(viewer).get("/api/v1/models/guarded").assertStatus(200);
        rejected(403, () -> server.http(viewer).post("/api/v1/models", Map.of("name", "by-viewer")));
        rejected(403, () -> server.http(viewer).send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted("v")));
        server.http(editor).post("/api/v1/models/guarded/versions", version("s3://g")).assertStatus(201);
        rejected(403, () -> server.http(editor).delete("/api/v1/models/guarded"));
        rejected(403, () -> server.http(editor).get("/api/v1/tokens"));
        http.delete("/api/v1/models/guarded").assertStatus(200);
        http.get("/api/v1/models/guarded").assertProblem(404);
    }

    @Test
    void immutableVersionFieldsCannotBePatched() {
        model("fixed");
        register("fixed", version("s3://f"));
        TestHttp.Response r = rejected(400, () -> http.patch("/api/v1/models/fixed/versions/1",
                Map.of("artifactUri", "s3://other")));
        assertTrue(r.detail().contains("artifactUri"), r.body());
        rejected(400, () -> http.post("/api/v1/models/fixed/versions", Map.of("artifactUri", "s3://f", "runtime", "onnx")));
        rejected(400, () -> http.get("/api/v1/models/fixed/versions?status=LIVE"));
        assertEquals("s3://f", http.get("/api/v1/models/fixed/versions/1").json().path("artifactUri").asText());
    }

    @Test
    void concurrentAliasMovesOneWinsAndHistoryShowsBoth() throws Exception {
        model("race");
        for (int i = 0; i < 3; i++) {
            register("race", version("s3://r/" + i));
        }
        http.put("/api/v1/models/race/aliases/production", Map.of("version", 1)).assertStatus(200);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> moves = new ArrayList<>();
            for (int v : new int[]{2, 3}) {
                moves.add(pool.submit(() -> http.put("/api/v1/models/race/aliases/production",
                        Map.of("version", v)).status()));
            }
            for (Future<Integer> f : moves) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode history = http.get("/api/v1/models/race/aliases/production/history").json().path("items");
        assertEquals(3, history.size(), history.toString());
        int last = history.get(2).path("toVersion").asInt();
        assertEquals(last, http.get("/api/v1/models/race/aliases/production").json().path("version").asInt(),
                "the move applied last is the one that stays");
        assertEquals(history.get(1).path("toVersion").asInt(), history.get(2).path("fromVersion").asInt());
    }
}
