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
}
