package io.mlctl.controlplane.web;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TcpProxy;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** PostgreSQL behind a proxy we can cut: an outage answers 503 + Retry-After, and the server recovers by itself. */
class DatabaseOutageTest {

    @Test
    void databaseOutageIs503WithRetryAfterThenRecovers() throws InterruptedException {
        try (TestDatabase db = TestDatabase.postgres()) {
            URI u = URI.create(db.url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort())) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath());
                p.put("datasources.default.connection-timeout", 1000);
                try (ControlPlaneServer cp = ControlPlaneServer.start(db, p)) {
                    TestHttp http = cp.http();
                    http.get("/api/v1/tokens").assertStatus(200);

                    proxy.cut();
                    TestHttp.Response r = http.get("/api/v1/tokens").assertProblem(503);
                    assertEquals(String.valueOf(ProblemResponseProcessor.RETRY_AFTER_SECONDS),
                            r.headers().firstValue("Retry-After").orElse(""));
                    assertFalse(r.body().contains("jdbc:"), r.body());
                    assertEquals(503, cp.http(null).get("/health").status(), "health reports the outage");

                    proxy.restore();
                    // clients retry after Retry-After; the pool replaces its dropped connections meanwhile
                    long deadline = System.currentTimeMillis() + 15_000;
                    int status;
                    do {
                        Thread.sleep(500);
                        status = http.get("/api/v1/tokens").status();
                    } while (status == 503 && System.currentTimeMillis() < deadline);
                    assertEquals(200, status);
                }
            }
        }
    }

    /**
     * PostgreSQL frozen (the proxy holds every byte, like SIGSTOP of the server): requests do not hang for the whole
     * freeze but answer 503 + Retry-After once the socket timeout (statement timeout + margin) or the pool checkout
     * runs out, while the database is still frozen; after the thaw the server serves again.
     */
    @Test
    void frozenDatabaseIs503WithinTheTimeoutsThenRecovers() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            URI u = URI.create(db.url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort())) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath());
                p.put("datasources.default.connection-timeout", 1000);
                p.put("mlctl.database.statement-timeout", "2s");
                p.put("mlctl.database.socket-margin", "1s");
                try (ControlPlaneServer cp = ControlPlaneServer.start(db, p)) {
                    TestHttp http = cp.http();
                    http.get("/api/v1/tokens").assertStatus(200);

                    proxy.stall();
                    try {
                        // several at once: some hold pooled connections (socket timeout), some wait for one (checkout)
                        java.util.List<java.util.concurrent.CompletableFuture<TestHttp.Response>> pending =
                                new java.util.ArrayList<>();
                        for (int i = 0; i < 4; i++) {
                            pending.add(java.util.concurrent.CompletableFuture.supplyAsync(
                                    () -> http.get("/api/v1/tokens")));
                        }
                        pending.add(java.util.concurrent.CompletableFuture.supplyAsync(
                                () -> http.post("/api/v1/models", Map.of("name", "frozen"))));
                        for (var f : pending) {
                            // the freeze lasts until resume(): an answer here means the wait was bounded
                            TestHttp.Response r = f.get(90, java.util.concurrent.TimeUnit.SECONDS).assertProblem(503);
                            assertEquals(String.valueOf(ProblemResponseProcessor.RETRY_AFTER_SECONDS),
                                    r.headers().firstValue("Retry-After").orElse(""));
                        }
                    } finally {
                        proxy.resume();
                    }
                    long deadline = System.currentTimeMillis() + 30_000;
                    int status;
                    do {
                        Thread.sleep(500);
                        status = http.get("/api/v1/tokens").status();
                    } while (status == 503 && System.currentTimeMillis() < deadline);
                    assertEquals(200, status);
                    assertEquals(404, http.get("/api/v1/models/frozen").status(), "the frozen write left nothing");
                }
            }
        }
    }

    /**
     * H2's equivalent of the statement timeout ({@code QUERY_TIMEOUT}) is on every pooled connection of the embedded
     * database: a statement that would run for hours is cancelled after the bound with SQLState 57014, which
     * {@link DatabaseFailures} answers as 503 like PostgreSQL's {@code statement_timeout}.
     */
    @Test
    void h2StatementsAreCancelledAfterTheStatementTimeout() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
             ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of("mlctl.database.statement-timeout", "1s"))) {
            // the pool itself, not the bean that wants a transaction around it
            javax.sql.DataSource ds = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(
                    cp.bean(javax.sql.DataSource.class));
            try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
                java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> s.executeQuery("SELECT SUM(\"X\") FROM SYSTEM_RANGE(1, 1000000000000)"));
                assertEquals("57014", e.getSQLState(), e.getMessage());
                org.junit.jupiter.api.Assertions.assertTrue(DatabaseFailures.isUnavailable(e));
            }
            cp.http().get("/api/v1/tokens").assertStatus(200);
        }
    }
}
