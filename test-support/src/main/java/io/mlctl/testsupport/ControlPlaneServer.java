package io.mlctl.testsupport;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control plane started in-process on a random port, against a {@link TestDatabase}, with a known admin token.
 * Works in any module whose test classpath has the control plane (control-plane itself, cli, rollout-operator).
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create(kind); ControlPlaneServer cp = ControlPlaneServer.start(db)) {
 *     TestHttp.Response r = cp.http().post("/api/v1/models", Map.of("name", "fraud"));
 * }
 * }</pre>
 */
public final class ControlPlaneServer implements AutoCloseable {
    /** The property the control plane reads its bootstrap admin token from (env MLCTL_ADMIN_TOKEN). */
    public static final String ADMIN_TOKEN_PROPERTY = "mlctl.security.admin-token";

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final String adminToken;

    private ControlPlaneServer(ApplicationContext context, EmbeddedServer server, String adminToken) {
        this.context = context;
        this.server = server;
        this.adminToken = adminToken;
    }

    public static ControlPlaneServer start(TestDatabase db) {
        return start(db, Map.of());
    }

    /** Starts with extra Micronaut properties (they win over the defaults set here). */
    public static ControlPlaneServer start(TestDatabase db, Map<String, Object> properties) {
        String token = "mlctl_test_" + randomToken();
        Map<String, Object> p = new LinkedHashMap<>(db.properties());
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        p.put(ADMIN_TOKEN_PROPERTY, token);
        p.putAll(properties);
        ApplicationContext ctx = ApplicationContext.builder()
                .properties(p)
                .environments("test")
                .deduceEnvironment(false)
                .start();
        try {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
            server.start();
            return new ControlPlaneServer(ctx, server, token);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    /** e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public URI url() {
        return server.getURI();
    }

    public String adminToken() {
        return adminToken;
    }

    public ApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A client sending the admin token. */
    public TestHttp http() {
        return new TestHttp(url(), adminToken);
    }

    /** A client sending {@code token} (null: no Authorization header). */
    public TestHttp http(String token) {
        return new TestHttp(url(), token);
    }

    @Override
    public void close() {
        context.close();
    }

    static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
