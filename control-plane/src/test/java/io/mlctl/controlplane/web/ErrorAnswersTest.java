package io.mlctl.controlplane.web;

import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever goes wrong with a request, the answer is problem+json with the right 4xx, and nothing is written. */
class ErrorAnswersTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("micronaut.server.max-request-size", "4KB");
    }

    private long tokenCount() {
        return http.get("/api/v1/tokens").assertStatus(200).json().path("total").asLong();
    }

    @Test
    void unknownRouteIs404() {
        http.get("/api/v1/no-such-thing").assertProblem(404);
    }

    @Test
    void wrongMethodIs405() {
        http.send("PATCH", "/api/v1/tokens", "application/json", "{}").assertProblem(405);
    }

    @Test
    void malformedJsonIs400AndWritesNothing() {
        long before = tokenCount();
        TestHttp.Response r = http.post("/api/v1/tokens", "{\"name\": \"ci\", \"role\": ").assertProblem(400);
        assertTrue(r.detail().length() > 5, r.body());
        assertEquals(before, tokenCount());
    }

    @Test
    void validationErrorsAre400WithTheField() {
        long before = tokenCount();
        TestHttp.Response r = http.post("/api/v1/tokens", Map.of("name", " ", "role", "viewer")).assertProblem(400);
        assertEquals("name", r.json().path("errors").path(0).path("field").asText(), r.body());
        http.post("/api/v1/tokens", Map.of("name", "x", "role", "root")).assertProblem(400);
        assertEquals(before, tokenCount());
    }

    @Test
    void wrongContentTypeIs415() {
        http.send("POST", "/api/v1/tokens", "text/plain", "name=ci").assertProblem(415);
    }

    @Test
    void oversizedBodyIs413AndWritesNothing() {
        long before = tokenCount();
        String big = "{\"name\": \"" + "x".repeat(8000) + "\", \"role\": \"viewer\"}";
        http.post("/api/v1/tokens", big).assertProblem(413);
        assertEquals(before, tokenCount());
    }
}
