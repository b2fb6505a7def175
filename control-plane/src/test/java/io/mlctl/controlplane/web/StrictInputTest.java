package io.mlctl.controlplane.web;

import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases of issue 14 one by one: each a 4xx problem+json that names what is wrong, and nothing written. */
class StrictInputTest extends ControlPlaneTest {
    private Object preparedOn;

    @BeforeEach
    void model() {
        if (preparedOn != server) {
            http.post("/api/v1/models", Map.of("name", "strict")).assertStatus(201);
            http.post("/api/v1/models/strict/versions", Map.of("artifactUri", "s3://m/1", "runtime", "custom"))
                    .assertStatus(201);
            preparedOn = server;
        }
    }

    private String audit() {
        return http.get("/api/v1/audit?size=1000").assertStatus(200).json().path("total").asText();
    }

    private TestHttp.Response rejected(String method, String path, String body, int status, String mentions) {
        String before = audit();
        TestHttp.Response r = http.send(method, path, "application/json", body).assertProblem(status);
        assertTrue(r.body().contains(mentions), () -> "should mention '" + mentions + "': " + r.body());
        assertEquals(before, audit(), "nothing written");
        return r;
    }

    @Test
    void trailingContentAndTwoDocumentsAreRefused() {
        rejected("POST", "/api/v1/models", "{\"name\":\"t1\"} garbage", 400, "garbage");
        rejected("POST", "/api/v1/models", "{\"name\":\"t1\"} 5", 400, "after the JSON document");
        rejected("POST", "/api/v1/models", "{\"name\":\"t1\"}{\"name\":\"t2\"}", 400, "after the JSON document");
        rejected("POST", "/api/v1/models", "{\"name\":\"t1\"}]", 400, "line: 1");
    }

    @Test
    void scalarsAreNotCoerced() {
        rejected("POST", "/api/v1/models", "{\"name\":123}", 400, "name");
        rejected("POST", "/api/v1/models", "{\"name\":true}", 400, "name");
        rejected("POST", "/api/v1/models", "{\"name\":[\"a\"]}", 400, "name");
        rejected("PUT", "/api/v1/models/strict/aliases/prod", "{\"version\":1.5}", 400, "version");
        rejected("PUT", "/api/v1/models/strict/aliases/prod", "{\"version\":\"1\"}", 400, "version");
        rejected("PUT", "/api/v1/models/strict/retrain/policy", "{\"enabled\":\"yes\"}", 400, "enabled");
        rejected("PUT", "/api/v1/models/strict/retrain/policy", "{\"minDriftShare\":1e400}", 400, "minDriftShare");
    }

    @Test
    void integralFloatsAreIntegers() {
        http.send("PUT", "/api/v1/models/strict/aliases/whole", "application/json", "{\"version\":1.0}")
                .assertStatus(200);
    }

    @Test
    void requiredNestedFieldsAndUnknownMembers() {
        rejected("POST", "/api/v1/models/strict/versions",
                "{\"artifactUri\":\"s3://m/2\",\"runtime\":\"custom\",\"serving\":{\"gpu\":{\"product\":\"a100\"}}}",
                400, "count");
        rejected("PUT", "/api/v1/models/strict/retrain/policy", "{\"enabeld\":true}", 400, "enabeld");
        rejected("POST", "/api/v1/models", "{\"name\":\"t3\",\"descripton\":\"x\"}", 400, "descripton");
    }

    @Test
    void missingRequiredMembersAreNamed() {
        rejected("PUT", "/api/v1/models/strict/aliases/prod", "{}", 400, "version");
        rejected("PUT", "/api/v1/models/strict/aliases/prod", "{\"version\":null}", 400, "version");
    }

    @Test
    void queryBooleansAreStrict() {
        String before = audit();
        TestHttp.Response r = http.send("POST", "/api/v1/schemas?requireCompatible=maybe", "application/yaml",
                "name: q\nfeatures:\n  - {name: a, type: numeric}\n").assertProblem(400);
        assertTrue(r.body().contains("requireCompatible"), r.body());
        http.send("POST", "/api/v1/models/strict/versions/1/samples?partial=notbool", "application/x-ndjson", "{}\n")
                .assertProblem(400);
        http.send("DELETE", "/api/v1/models/strict?force=1", "application/json", "").assertProblem(400);
        http.get("/api/v1/models?page=1.5").assertProblem(400);
        assertEquals(before, audit(), "nothing written");
    }

    @Test
    void hugeValuesAreEchoedShort() {
        String huge = "n".repeat(1_000_000);
        TestHttp.Response r = rejected("POST", "/api/v1/models", "{\"name\":\"" + huge + "\"}", 400, "name");
        assertTrue(r.body().length() < 2000, () -> "short error: " + r.body().length() + " characters");
    }
}
