package io.mlctl.controlplane.server;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database created by an earlier release starts under this one. Migration versions are ranged per area
 * (docs/DEVELOPING.md, "Database"), so a new {@code V2_x} arrives after the database already has {@code V4_x}: the
 * server must apply it (out of order) instead of refusing to start.
 */
class MigrationUpgradeTest {

    /** A script numbered below the newest one, standing for every lower-range script a release adds. */
    private static final String ADDED_LATER = "V2_6__labels.sql";
    /** Later scripts altering the table ADDED_LATER creates: left out with it, as a release would add them all. */
    private static final List<String> ALTER_IT = List.of("V2_8__label_prediction.sql",
            "V2_9__labels_on_predictions.sql");

    @Test
    void aDatabaseWithoutALowerNumberedScriptTakesItAtStart(@TempDir Path scripts) throws Exception {
        List<Path> copied = copyMigrations(scripts);
        assertTrue(copied.stream().anyMatch(p -> p.getFileName().toString().equals(ADDED_LATER)),
                "the test's script is on the classpath");
        assertTrue(copied.stream().anyMatch(p -> p.getFileName().toString().compareTo("V2_6") > 0
                        && p.getFileName().toString().startsWith("V4")),
                "a higher-numbered script exists, so the one left out is out of order");
        Files.delete(scripts.resolve(ADDED_LATER));
        for (String script : ALTER_IT) {
            Files.delete(scripts.resolve(script));
        }

        try (TestDatabase db = TestDatabase.h2()) {
            Flyway.configure().dataSource(db.url(), db.user(), db.password())
                    .locations("filesystem:" + scripts).load().migrate();
            assertTrue(applied(db).stream().noneMatch("2.6"::equals));

            try (ControlPlaneServer cp = ControlPlaneServer.start(db)) {
                cp.http().get("/health").assertStatus(200);
            }
            assertTrue(applied(db).contains("2.6"), "the missing script ran at start: " + applied(db));
            assertTrue(applied(db).contains("2.8"), "and the ones after it: " + applied(db));
            assertTrue(applied(db).contains("2.9"), "and the ones after it: " + applied(db));
        }
    }

    /**
     * V2_8 copies each stored label's prediction into its row, then V2_9 moves every label onto its prediction's row
     * and drops model_label: labels stored before either keep their values, and the quality read finds them.
     */
    @Test
    void labelsStoredBeforeV2_8AndV2_9MoveOntoTheirPredictions(@TempDir Path scripts) throws Exception {
        copyMigrations(scripts);
        try (TestDatabase db = TestDatabase.h2()) {
            Flyway.configure().dataSource(db.url(), db.user(), db.password())
                    .locations("filesystem:" + scripts).target("2.7").load().migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO prediction_pairing (model, version, request_key, prediction_num, prediction_cat, "
                        + "sample_ts) VALUES ('m', 1, 'r-1', 0.75, NULL, TIMESTAMP WITH TIME ZONE "
                        + "'2026-12-01 10:00:00+00'), ('m', 1, 'r-2', NULL, 'cat', TIMESTAMP WITH TIME ZONE "
                        + "'2026-12-01 10:00:00+00'), ('m', 1, 'r-3', 0.25, NULL, TIMESTAMP WITH TIME ZONE "
                        + "'2026-12-01 10:00:00+00')");
                s.execute("INSERT INTO model_label (model, version, request_key, label_num, label_cat, label_ts, "
                        + "prediction_ts, batch_id) VALUES ('m', 1, 'r-1', 1, '1', TIMESTAMP WITH TIME ZONE "
                        + "'2026-12-01 11:00:00+00', TIMESTAMP WITH TIME ZONE '2026-12-01 10:00:00+00', 7), "
                        + "('m', 1, 'r-2', NULL, 'dog', CURRENT_TIMESTAMP, "
                        + "TIMESTAMP WITH TIME ZONE '2026-12-01 10:00:00+00', 8)");
            }
            Flyway.configure().dataSource(db.url(), db.user(), db.password())
                    .locations("filesystem:" + scripts).target("2.8").load().migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT request_key, prediction_num, prediction_cat FROM model_label "
                         + "ORDER BY request_key")) {
                assertTrue(rs.next());
                assertEquals(0.75, rs.getDouble(2));
                assertNull(rs.getString(3));
                assertTrue(rs.next());
                rs.getDouble(2);
                assertTrue(rs.wasNull());
                assertEquals("cat", rs.getString(3));
            }
            try (ControlPlaneServer cp = ControlPlaneServer.start(db)) {
                cp.http().get("/health").assertStatus(200);
            }
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT request_key, label_num, label_cat, label_ts, label_batch_id "
                        + "FROM prediction_pairing ORDER BY request_key")) {
                    assertTrue(rs.next());
                    assertEquals(1.0, rs.getDouble(2));
                    assertEquals("1", rs.getString(3));
                    assertEquals(java.time.Instant.parse("2026-12-01T11:00:00Z"), rs.getTimestamp(4).toInstant());
                    assertEquals(7, rs.getLong(5));
                    assertTrue(rs.next());
                    rs.getDouble(2);
                    assertTrue(rs.wasNull());
                    assertEquals("dog", rs.getString(3));
                    assertEquals(8, rs.getLong(5));
                    assertTrue(rs.next());
                    assertNull(rs.getString(3), "r-3 had no label and still has none");
                    assertNull(rs.getTimestamp(4));
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                        + "WHERE table_name = 'model_label'")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "model_label is gone");
                }
            }
        }
    }

    private static List<String> applied(TestDatabase db) throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /** Every {@code db/migration/*.sql} on the classpath (directories and jars) copied into one directory. */
    private static List<Path> copyMigrations(Path into) throws IOException {
        List<Path> out = new ArrayList<>();
        for (URL url : Collections.list(MigrationUpgradeTest.class.getClassLoader().getResources("db/migration"))) {
            URI uri = URI.create(url.toString());
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copySql(jar.getPath("db/migration"), into, out);
                }
            } else {
                copySql(Path.of(uri), into, out);
            }
        }
        return out;
    }

    private static void copySql(Path dir, Path into, List<Path> out) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                Path target = into.resolve(f.getFileName().toString());
                try (InputStream in = Files.newInputStream(f)) {
                    Files.copy(in, target);
                }
                out.add(target);
            }
        }
    }
}
