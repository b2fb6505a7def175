package io.mlctl.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database of its own for one test class (or one test): an in-memory H2 database in PostgreSQL mode, or a fresh
 * PostgreSQL database created next to {@code MLCTL_TEST_PG_URL} (or in a Testcontainers PostgreSQL container where
 * that is unset and Docker is available) and dropped on {@link #close()}, so parallel runs never see each other's
 * rows. {@link #create(Kind)} skips the calling test (JUnit assumption, with a message) when PostgreSQL is asked for
 * and neither is there.
 *
 * <p>Hand {@link #properties()} to Micronaut (or to {@link ControlPlaneServer#start(TestDatabase)}); Flyway then
 * migrates the database when the context starts.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { H2, POSTGRES }

    /**
     * H2 runs in PostgreSQL mode so that one build (repositories compiled for the POSTGRES dialect) serves both;
     * the same options are used by {@code bin/mlctl server} (checked by a test in model-registry).
     */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";

    static final String PG_PREFIX = "mlctl_t_";
    private static final long STALE_AFTER_SECONDS = 6 * 3600;
    private static final AtomicBoolean STALE_SWEPT = new AtomicBoolean();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable dropper;

    private TestDatabase(Kind kind, String url, String user, String password, Runnable dropper) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dropper = dropper;
    }

    /** A fresh database of the given kind; skips the test when PostgreSQL is not configured. */
    public static TestDatabase create(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    public static TestDatabase h2() {
        String name = "mlctl_" + randomSuffix();
        String url = "jdbc:h2:mem:" + name + H2_OPTIONS + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(Kind.H2, url, "sa", "", () -> {
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already gone
            }
        });
    }

    /** True when {@code MLCTL_TEST_PG_URL} is set: PostgreSQL variants run against that server. */
    public static boolean postgresConfigured() {
        String u = System.getenv("MLCTL_TEST_PG_URL");
        return u != null && !u.isBlank();
    }

    /**
     * A fresh database on the server of {@code MLCTL_TEST_PG_URL}; where that is unset, on a PostgreSQL container
     * (Testcontainers, one per JVM) when a Docker engine is available; else the test is skipped.
     */
    public static TestDatabase postgres() {
        String adminUrl;
        String user;
        String password;
        if (postgresConfigured()) {
            adminUrl = System.getenv("MLCTL_TEST_PG_URL").trim();
            user = envOr("MLCTL_TEST_PG_USER", "mlctl");
            password = envOr("MLCTL_TEST_PG_PASSWORD", "mlctl");
        } else {
            Docker.assumeAvailable("PostgreSQL variant (MLCTL_TEST_PG_URL is not set)");
            var container = PostgresContainer.get();
            adminUrl = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        }
        sweepStale(adminUrl, user, password);
        String name = PG_PREFIX + (System.currentTimeMillis() / 1000) + "_" + randomSuffix();
        execute(adminUrl, user, password, "CREATE DATABASE " + name);
        String url = withDatabase(adminUrl, name);
        return new TestDatabase(Kind.POSTGRES, url, user, password,
                () -> drop(adminUrl, user, password, name));
    }

    /**
     * {@code WITH (FORCE)} ends our own leftover connections, but PostgreSQL 15 refuses a non-superuser the
     * termination of an autovacuum worker that happens to be in the database ("must be a member of the role whose
     * process is being terminated", SQLState 42501), so a drop racing one waits for it to finish (a second or so).
     */
    private static void drop(String adminUrl, String user, String password, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (IllegalStateException e) {
                boolean busy = e.getCause() instanceof SQLException sql && "42501".equals(sql.getSQLState());
                if (!busy || attempt == 40) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The Micronaut properties of the default datasource pointing at this database. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("datasources.default.url", url);
        p.put("datasources.default.username", user);
        p.put("datasources.default.password", password);
        p.put("datasources.default.driver-class-name", kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        p.put("datasources.default.maximum-pool-size", 5);
        return p;
    }

    @Override
    public void close() {
        dropper.run();
    }

    @Override
    public String toString() {
        return kind.name();
    }

    /** Replaces the database name in a {@code jdbc:postgresql://host:port/db?params} URL. */
    static String withDatabase(String jdbcUrl, String database) {
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
        return "jdbc:" + u.getScheme() + "://" + u.getRawAuthority() + "/" + database + query;
    }

    /** Drops test databases left by killed runs; recent ones may belong to a run in progress and are kept. */
    private static void sweepStale(String adminUrl, String user, String password) {
        if (!STALE_SWEPT.compareAndSet(false, true)) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        List<String> stale = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PG_PREFIX + "%'")) {
            while (rs.next()) {
                String n = rs.getString(1);
                String[] parts = n.substring(PG_PREFIX.length()).split("_");
                try {
                    if (now - Long.parseLong(parts[0]) > STALE_AFTER_SECONDS) {
                        stale.add(n);
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        } catch (SQLException e) {
            return;
        }
        for (String n : stale) {
            try {
                execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + n);
            } catch (IllegalStateException ignored) {
                // in use or not ours to drop
            }
        }
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + url + " failed: " + e.getMessage(), e);
        }
    }

    /** The PostgreSQL container, started on first use and removed by Testcontainers when the JVM ends. */
    private static final class PostgresContainer {
        private static final org.testcontainers.containers.PostgreSQLContainer<?> CONTAINER = start();

        static org.testcontainers.containers.PostgreSQLContainer<?> get() {
            return CONTAINER;
        }

        @SuppressWarnings("resource")
        private static org.testcontainers.containers.PostgreSQLContainer<?> start() {
            // the major version CI runs (.ci/run); each test still gets a database of its own, created next to "test"
            var c = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine");
            c.start();
            return c;
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String randomSuffix() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
