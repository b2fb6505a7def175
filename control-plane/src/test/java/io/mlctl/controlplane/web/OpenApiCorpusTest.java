package io.mlctl.controlplane.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad-input corpus generated from the server's own OpenAPI document: for every JSON request body of every write
 * endpoint, starting from a valid body, each member in turn gets values of every wrong JSON shape for its declared
 * type, a non-finite or fractional number where it is numeric, a huge string, null where it is required; required
 * members are left out one by one, unknown members are added at the top and nested levels, and the whole body is
 * followed by trailing content, doubled, truncated, or replaced by a scalar or array. Each case must be a 4xx
 * problem+json, leave the audit log, the model list and the model unchanged, and the server must stay healthy.
 */
class OpenApiCorpusTest extends ControlPlaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A valid body per request schema; the corpus mutates these. Path parameters point at what setUp creates. */
    private static final Map<String, String> VALID = union(Map.of(
            "ModelCreateRequest", "{\"name\":\"fresh\",\"description\":\"d\",\"owner\":\"o\",\"tags\":{\"k\":\"v\"}}",
            "ModelUpdateRequest", "{\"description\":\"d2\",\"owner\":\"o2\",\"tags\":{\"k\":\"v2\"}}",
            "VersionCreateRequest", "{\"artifactUri\":\"s3://m/9\",\"runtime\":\"custom\",\"serving\":{\"image\":\"i\","
                    + "\"port\":8080,\"gpu\":{\"count\":1,\"product\":\"a100\"}},\"metrics\":{\"auc\":0.9},"
                    + "\"lineage\":{\"runId\":\"r\",\"parentVersion\":1},\"tags\":{\"k\":\"v\"},\"description\":\"d\"}",
            "VersionUpdateRequest", "{\"description\":\"d3\",\"tags\":{\"k\":\"v3\"},\"metrics\":{\"auc\":0.8}}",
            "AliasSetRequest", "{\"version\":1,\"expectedVersion\":0}",
            "RetrainPolicyRequest", "{\"webhook\":\"http://127.0.0.1:9/hook\",\"on\":\"drift\",\"minDriftShare\":0.5,"
                    + "\"consecutive\":2,\"cooldown\":\"1h\",\"jobNamespace\":\"ml\",\"enabled\":true}",
            "RetrainTriggerRequest", "{\"version\":1,\"reason\":\"manual\",\"evidence\":{\"k\":\"v\"}}",
            "ExperimentRequest", "{\"name\":\"exp\",\"model\":\"corpus\",\"arms\":[{\"name\":\"control\",\"version\":\"1\","
                    + "\"weight\":50},{\"name\":\"treatment\",\"version\":\"2\",\"weight\":50}],\"metrics\":[{\"name\":"
                    + "\"conversion\",\"type\":\"proportion\",\"baseline\":0.1,\"mdeRelative\":0.2}],\"alpha\":0.05,"
                    + "\"power\":0.8,\"salt\":\"s\"}",
            "StopRequest", "{\"reason\":\"done\"}",
            "TokenCreateRequest", "{\"name\":\"t\",\"role\":\"viewer\",\"description\":\"d\"}"),
            Map.of("SubscriptionRequest", "{\"topic\":\"corpus-samples\",\"format\":\"mlctl\","
                    + "\"deadLetterTopic\":\"corpus-dlq\"}"));

    /** Map.of takes at most ten pairs. */
    private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return Map.copyOf(all);
    }

    private JsonNode api;

    private void setUp() {
        http.post("/api/v1/models", Map.of("name", "corpus")).assertStatus(201);
        for (int v = 1; v <= 2; v++) {
            http.post("/api/v1/models/corpus/versions", Map.of("artifactUri", "s3://m/" + v, "runtime", "custom"))
                    .assertStatus(201);
        }
        http.put("/api/v1/models/corpus/aliases/prod", Map.of("version", 1)).assertStatus(200);
    }

    private String concrete(String path, String experimentId) {
        return path.replace("{name}", "corpus").replace("{version}", "1").replace("{alias}", "prod")
                .replace("{id}", experimentId);
    }

    /** What every rejected case must leave as it was. */
    private String state() {
        return http.get("/api/v1/audit?size=1").assertStatus(200).json().path("total").asText()
                + "|" + http.get("/api/v1/models").assertStatus(200).json().path("total").asText()
                + "|" + http.get("/api/v1/models/corpus").assertStatus(200).body()
                + "|" + http.get("/api/v1/tokens").assertStatus(200).json().path("total").asText()
                + "|" + http.get("/api/v1/experiments").assertStatus(200).json().path("total").asText()
                + "|" + http.get("/api/v1/subscriptions").assertStatus(200).body();
    }

    private JsonNode schema(JsonNode s) {
        if (s.has("$ref")) {
            String name = s.get("$ref").asText().substring("#/components/schemas/".length());
            return api.path("components").path("schemas").path(name);
        }
        if (s.has("allOf") && s.get("allOf").size() == 1) {
            return schema(s.get("allOf").get(0));
        }
        return s;
    }

    private static List<JsonNode> wrongShapes(JsonNode s) {
        String type = s.path("type").asText(s.has("enum") ? "string" : "object");
        List<JsonNode> out = new ArrayList<>();
        switch (type) {
            case "string" -> {
                out.add(F.numberNode(123));
                out.add(F.booleanNode(true));
                out.add(F.arrayNode().add("a"));
                out.add(F.objectNode().put("a", "b"));
                out.add(F.textNode("x".repeat(1_100_000)));
            }
            case "integer" -> {
                out.add(F.textNode("1"));
                out.add(F.numberNode(1.5));
                out.add(F.booleanNode(true));
                out.add(F.arrayNode().add(1));
                out.add(F.numberNode(new java.math.BigInteger("1" + "0".repeat(30))));
            }
            case "number" -> {
                out.add(F.textNode("0.5"));
                out.add(F.booleanNode(false));
                out.add(F.arrayNode().add(0.5));
                out.add(F.numberNode(new java.math.BigDecimal("1e400")));
            }
            case "boolean" -> {
                out.add(F.textNode("yes"));
                out.add(F.numberNode(1));
                out.add(F.arrayNode().add(true));
            }
            case "array" -> {
                out.add(F.textNode("x"));
                out.add(F.numberNode(3));
                out.add(F.objectNode());
            }
            default -> {
                out.add(F.textNode("x"));
                out.add(F.numberNode(3));
                out.add(F.arrayNode());
            }
        }
        return out;
    }

    /** Mutations of an object body at {@code prefix} (recursing into nested objects); label them for messages. */
    private void mutate(ObjectNode valid, ObjectNode at, JsonNode s, String prefix, Map<String, String> cases) {
        JsonNode props = s.path("properties");
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            JsonNode fs = schema(props.get(field));
            for (JsonNode wrong : wrongShapes(fs)) {
                JsonNode saved = at.get(field);
                at.set(field, wrong);
                String shown = wrong.isTextual() && wrong.asText().length() > 20 ? "huge string" : wrong.toString();
                cases.put(prefix + field + " = " + shown, valid.toString());
                if (saved == null) {
                    at.remove(field);
                } else {
                    at.set(field, saved);
                }
            }
            if (required.contains(field)) {
                JsonNode saved = at.remove(field);
                cases.put(prefix + field + " missing", valid.toString());
                at.set(field, F.nullNode());
                cases.put(prefix + field + " = null", valid.toString());
                at.set(field, saved);
            }
            if (at.get(field) instanceof ObjectNode nested && fs.has("properties")) {
                mutate(valid, nested, fs, prefix + field + ".", cases);
            }
            if (at.get(field) instanceof ArrayNode arr && !arr.isEmpty() && arr.get(0) instanceof ObjectNode first
                    && fs.path("items").size() > 0) {
                mutate(valid, first, schema(fs.get("items")), prefix + field + "[0].", cases);
            }
        }
        at.put("unknownMember", "typo");
        cases.put(prefix + "unknown member", valid.toString());
        at.remove("unknownMember");
    }

    private Map<String, String> corpus(String schemaName, boolean bodyRequired) throws Exception {
        ObjectNode valid = (ObjectNode) JSON.readTree(VALID.get(schemaName));
        Map<String, String> cases = new LinkedHashMap<>();
        mutate(valid, valid, api.path("components").path("schemas").path(schemaName), "", cases);
        String v = valid.toString();
        cases.put("trailing garbage", v + " garbage");
        cases.put("trailing number", v + " 5");
        cases.put("two documents", v + v);
        cases.put("truncated", v.substring(0, v.length() / 2));
        cases.put("array body", "[" + v + "]");
        cases.put("string body", "\"" + schemaName + "\"");
        cases.put("number body", "42");
        if (bodyRequired) { // an optional body (stop's reason) may be left out
            cases.put("empty body", "");
            cases.put("null body", "null");
        }
        cases.put("NaN literal", v.replaceFirst("\\{", "{\"x\":NaN,"));
        cases.put("comment", "/* c */" + v);
        cases.put("single quotes", v.replace('"', '\''));
        cases.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
        return cases;
    }

    @Test
    void everyBadBodyIs4xxProblemAndWritesNothing() throws Exception {
        setUp();
        TestHttp.Response doc = http.get("/openapi.yml").assertStatus(200);
        api = new YAMLMapper().readTree(doc.body());
        String experimentId = http.post("/api/v1/experiments", JSON.readTree(VALID.get("ExperimentRequest")))
                .assertStatus(201).json().path("id").asText();
        int total = 0;
        List<String> failures = new ArrayList<>();
        String before = state();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("post", "put", "patch")) {
                JsonNode op = path.getValue().path(method);
                JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
                if (!body.has("$ref")) {
                    continue; // streamed bodies (samples, events, profiles, schemas) have their own corpora
                }
                String schemaName = body.get("$ref").asText().substring("#/components/schemas/".length());
                assertTrue(VALID.containsKey(schemaName), "no valid example body for " + schemaName);
                String url = concrete(path.getKey(), experimentId);
                for (Map.Entry<String, String> c : corpus(schemaName, op.path("requestBody").path("required").asBoolean(false)).entrySet()) {
                    total++;
                    TestHttp.Response r = http.send(method.toUpperCase(), url, "application/json", c.getValue());
                    String label = method.toUpperCase() + " " + url + " [" + c.getKey() + "]";
                    boolean problem = r.status() >= 400 && r.status() < 500
                            && r.contentType().startsWith("application/problem+json")
                            && r.body().length() < 4000;
                    if (!problem) {
                        failures.add(label + " -> " + r.status() + " " + abbreviate(r.body()));
                    }
                    String after = state();
                    if (!after.equals(before)) {
                        failures.add(label + " changed state: " + abbreviate(after));
                        before = after;
                    }
                }
            }
        }
        assertEquals(200, http.get("/health").status(), "healthy after the corpus");
        assertTrue(total >= 300, "corpus has " + total + " cases");
        assertTrue(failures.isEmpty(), failures.size() + " of " + total + " cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
