package io.mlctl.operator.controlplane;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's calls to the control plane: bounded by its timeout when the control plane accepts the connection
 * and then says nothing, and answers read strictly (no coercion, one JSON value), with members it does not know
 * ignored (a newer server may add some).
 */
class HttpControlPlaneStrictTest {
    private static final String VERSION = "{\"model\":\"m\",\"version\":%s,\"uri\":\"models:/m/3\",\"artifactUri\":\"s3://a\","
            + "\"runtime\":\"custom\",\"metrics\":{},\"tags\":{},\"status\":\"READY\",\"aliases\":[]%s}";

    @Test
    void aControlPlaneThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, read nothing, never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpControlPlane cp = new HttpControlPlane(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "t",
                    Duration.ofSeconds(1));
            // the bound under test is 1 s; 60 s only keeps a regression from hanging the build
            ControlPlaneException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(ControlPlaneException.class, () -> cp.resolve("m", "@prod")));
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void answersAreReadStrictly() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpControlPlane cp = new HttpControlPlane(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    "t", Duration.ofSeconds(10));
            answer.set(VERSION.formatted("3", ",\"addedByANewerServer\":{\"x\":1}"));
            assertEquals(3, cp.resolve("m", "@prod"), "unknown members are ignored");
            for (String bad : List.of(VERSION.formatted("\"3\"", ""), VERSION.formatted("3.5", ""),
                    VERSION.formatted("[3]", ""), VERSION.formatted("true", ""), VERSION.formatted("null", ""),
                    VERSION.formatted("3", "") + " {}", VERSION.formatted("3", "").replace("\"s3://a\"", "7"))) {
                answer.set(bad);
                ControlPlaneException e = assertThrows(ControlPlaneException.class, () -> cp.resolve("m", "@prod"),
                        bad);
                assertEquals(502, e.status(), bad);
            }
        } finally {
            server.stop(0);
        }
    }
}
