package io.mlctl.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real HTTP client (java.net.http) for tests: never throws on 4xx/5xx, so tests can look at problem+json answers.
 * String bodies are sent as they are; any other body is serialized with Jackson.
 */
public final class TestHttp {
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public TestHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same server with another token (null: anonymous). */
    public TestHttp as(String otherToken) {
        return new TestHttp(base, otherToken);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, "application/json", toJson(body));
    }

    public Response put(String path, Object body) {
        return send("PUT", path, "application/json", toJson(body));
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, "application/json", toJson(body));
    }

    /** Any method, content type and raw body (null body: none). */
    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Sends a prepared request, adding the token (and an Accept header) when the builder has none. */
    public Response send(HttpRequest.Builder builder) {
        HttpRequest probe = builder.copy().build();
        if (token != null && probe.headers().firstValue("Authorization").isEmpty()) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (probe.headers().firstValue("Accept").isEmpty()) {
            builder.header("Accept", "application/json, application/problem+json, */*");
        }
        try {
            HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A response; {@link #json()} parses the body. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public Response assertStatus(int expected) {
            assertEquals(expected, status, () -> "HTTP status; body: " + body);
            return this;
        }

        /** Asserts an RFC 9457 answer with this status (content type, status member, a title and no stack trace). */
        public Response assertProblem(int expected) {
            assertStatus(expected);
            assertTrue(contentType().startsWith("application/problem+json"), () -> "content type " + contentType() + ": " + body);
            JsonNode j = json();
            assertEquals(expected, j.path("status").asInt(), body);
            assertTrue(j.hasNonNull("title"), body);
            assertTrue(!body.contains("\tat ") && !body.contains("Exception:"), () -> "stack trace leaked: " + body);
            return this;
        }

        public String detail() {
            return json().path("detail").asText();
        }
    }
}
