package io.mlctl.logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The admin port: {@code /metrics} (Prometheus text or OpenMetrics) and {@code /health} (200 with a small JSON while
 * the process runs: forwarding never depends on the control plane, so neither does health). The JDK's HTTP server
 * on one thread: it is scraped, not loaded.
 */
final class AdminServer implements AutoCloseable {
    private final HttpServer server;

    AdminServer(InetSocketAddress address, LoggerMetrics metrics, Supplier<String> health) throws IOException {
        server = HttpServer.create(address, 16);
        server.createContext("/metrics", new MetricsHandler(metrics.registry));
        server.createContext("/health", exchange -> {
            try (exchange) {
                byte[] body = health.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.createContext("/", AdminServer::notFound);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "logger-admin");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"the admin port "
                    + "serves /metrics and /health\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
