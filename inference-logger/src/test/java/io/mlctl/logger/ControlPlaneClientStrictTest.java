package io.mlctl.logger;

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
 * The logger's reads of the control plane: a control plane that accepts and never answers is given up after the read
 * timeout (and is retryable), and the schema answer is read strictly: one JSON value, {@code ref} and {@code source}
 * strings (a number is not coerced into a name).
 */
class ControlPlaneClientStrictTest {
    private static final String SCHEMA = "name: s\\nfeatures:\\n  - {name: a, type: numeric}\\n";

    @Test
    void aSilentControlPlaneIsGivenUpAfterTheReadTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ControlPlaneClient client = new ControlPlaneClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    "t", "m", 1, Duration.ofSeconds(1), Duration.ofSeconds(1));
            // the bound under test is 1 s; 60 s only keeps a regression from hanging the build
            ControlPlaneClient.SchemaUnavailable e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(ControlPlaneClient.SchemaUnavailable.class, client::loadSchema));
            assertTrue(e.retryable, e.getMessage());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theSchemaAnswerIsReadStrictly() throws Exception {
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
            ControlPlaneClient client = new ControlPlaneClient(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort()), "t", "m", 1, Duration.ofSeconds(5), Duration.ofSeconds(10));
            answer.set("{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\",\"format\":\"yaml\",\"new\":1}");
            assertEquals("s@1", client.loadSchema().ref());
            for (String bad : List.of("{\"ref\":1,\"source\":\"" + SCHEMA + "\"}",
                    "{\"ref\":\"s@1\",\"source\":[\"" + SCHEMA + "\"]}",
                    "{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\",\"format\":7}",
                    "{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\"} {\"ref\":\"t@1\"}")) {
                answer.set(bad);
                assertThrows(ControlPlaneClient.SchemaUnavailable.class, client::loadSchema, bad);
            }
        } finally {
            server.stop(0);
        }
    }
}
