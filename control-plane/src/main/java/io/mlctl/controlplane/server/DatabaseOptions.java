package io.mlctl.controlplane.server;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database: an embedded H2 file under the data directory by default, or any JDBC URL (PostgreSQL in
 * production). Repositories are compiled for the PostgreSQL dialect, so H2 always runs in its PostgreSQL mode.
 */
public final class DatabaseOptions implements ServerProperties {
    /** Must stay equal to {@code io.mlctl.testsupport.TestDatabase.H2_OPTIONS} (a test checks it). */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
    /**
     * The embedded file database writes each commit to its file before the commit returns (H2 otherwise keeps up to
     * half a second of commits in memory), so an acknowledged write survives the process being killed.
     */
    public static final String H2_FILE_OPTIONS = ";WRITE_DELAY=0";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MLCTL_DATA_DIR:-.mlctl}",
            description = "Directory for the embedded database (env MLCTL_DATA_DIR, default ./.mlctl).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:MLCTL_DB_URL}",
            description = "JDBC URL of an external database, e.g. jdbc:postgresql://db:5432/mlctl "
                    + "(env MLCTL_DB_URL); overrides the embedded one.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:MLCTL_DB_USER}",
            description = "Database user (env MLCTL_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:MLCTL_DB_PASSWORD}",
            description = "Database password (env MLCTL_DB_PASSWORD; prefer the variable, flags show in ps).")
    String dbPassword;

    public Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }

    public boolean embedded() {
        return dbUrl == null || dbUrl.isBlank();
    }

    /** The JDBC URL the server will use. */
    public String jdbcUrl() {
        if (!embedded()) {
            return dbUrl.trim();
        }
        return "jdbc:h2:file:" + dataDir().resolve("mlctl") + H2_OPTIONS + H2_FILE_OPTIONS;
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("datasources.default.url", jdbcUrl());
        if (embedded()) {
            p.put("datasources.default.username", dbUser == null ? "sa" : dbUser);
            p.put("datasources.default.password", dbPassword == null ? "" : dbPassword);
            p.put("datasources.default.driver-class-name", "org.h2.Driver");
        } else {
            if (dbUser != null) {
                p.put("datasources.default.username", dbUser);
            }
            if (dbPassword != null) {
                p.put("datasources.default.password", dbPassword);
            }
            if (dbUrl.startsWith("jdbc:postgresql:")) {
                p.put("datasources.default.driver-class-name", "org.postgresql.Driver");
            }
        }
        return p;
    }

    /** One line for the start banner, without credentials. */
    public String describe() {
        if (embedded()) {
            return "embedded H2 in " + dataDir();
        }
        String url = jdbcUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
