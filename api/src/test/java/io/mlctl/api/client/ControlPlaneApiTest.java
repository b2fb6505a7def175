package io.mlctl.api.client;

import com.sun.net.httpserver.HttpServer;
import io.mlctl.api.registry.AliasSetRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed client over real HTTP: what it sends, how it reads answers, how failures look. */
class ControlPlaneApiTest {
    private HttpServer server;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (seen) {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            }
            String path = exchange.getRequestURI().getPath();
            byte[] answer;
            int status;
            String type = "application/json";
            if (path.endsWith("/aliases/production")) {
                status = 409;
                type = "application/problem+json";
                answer = "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"alias moved\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/versions/7")) {
                status = 200;
                answer = "{\"model\":\"fraud\",\"version\":7,\"artifactUri\":\"s3://m/7\",\"someNewMember\":1}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                answer = "not json".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ControlPlaneApi api() {
        return new ControlPlaneApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "t0k",
                Duration.ofSeconds(10));
    }

    @Test
    void readsRecordsLenientlyAndSendsTheToken() {
        assertEquals("s3://m/7", api().version("fraud", 7).artifactUri());
        assertEquals("GET /api/v1/models/fraud/versions/7 Bearer t0k ", seen.get(0));
    }

    @Test
    void aProblemBecomesAFailureWithStatusAndDetail() {
        ControlPlaneApi.Failure f = assertThrows(ControlPlaneApi.Failure.class,
                () -> api().setAlias("fraud", "production", new AliasSetRequest(8, 7)));
        assertEquals(409, f.status());
        assertEquals("HTTP 409 from /api/v1/models/fraud/aliases/production: alias moved", f.getMessage());
        assertTrue(seen.get(0).startsWith("PUT /api/v1/models/fraud/aliases/production Bearer t0k {"), seen.get(0));

        ControlPlaneApi.Failure plain = assertThrows(ControlPlaneApi.Failure.class, () -> api().experiment("e 1"));
        assertEquals(404, plain.status());
        assertEquals("HTTP 404 from /api/v1/experiments/e%201: not json", plain.getMessage());
    }

    @Test
    void anUnreachableServerIsStatusZero() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ControlPlaneApi down = new ControlPlaneApi(URI.create("http://127.0.0.1:" + closed), null, Duration.ofSeconds(5));
        ControlPlaneApi.Failure f = assertThrows(ControlPlaneApi.Failure.class, () -> down.experiment("x"));
        assertEquals(0, f.status());
        assertTrue(f.getMessage().startsWith("control plane at http://127.0.0.1:" + closed + " unreachable"), f.getMessage());
    }
}
