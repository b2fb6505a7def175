package io.mlctl.controlplane.server;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.controlplane.ingest.KeyHashTable;
import io.mlctl.controlplane.ingest.LabelSegment;
import io.mlctl.controlplane.ingest.PredictionSegment;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
            "V2_9__labels_on_predictions.sql", "V2_10__label_segments.sql",
            "V2_12__prediction_pairing_without_labels.sql");

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
            assertTrue(applied(db).contains("2.12"), "and the ones after it: " + applied(db));
        }
    }

    /**
     * V2_8 copies each stored label's prediction into its row, V2_9 moves every label onto its prediction's row and
     * drops model_label, then V2_11 moves them into label segments with their predictions and V2_12 drops the row
     * columns: labels stored before any of them keep their values, and the quality read finds them.
     */
    @Test
    void labelsStoredBeforeV2_8ToV2_12MoveIntoLabelSegments(@TempDir Path scripts) throws Exception {
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
                List<String> labels = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT batch_id, model, version, body FROM label_segment "
                        + "ORDER BY batch_id")) {
                    while (rs.next()) {
                        LabelSegment.Cursor k = new LabelSegment.Cursor(rs.getBytes(4));
                        while (k.next()) {
                            assertTrue(Arrays.equals(KeyHashTable.hash(k.requestKey()),
                                    new long[]{k.hashHigh(), k.hashLow()}));
                            assertEquals(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), k.sampleTs());
                            labels.add(rs.getLong(1) + " " + rs.getString(2) + "/" + rs.getInt(3) + " "
                                    + k.requestKey() + " " + k.predictionNumber() + " " + k.predictionText() + " "
                                    + k.labelNumber() + " " + k.labelText()
                                    + (k.requestKey().equals("r-1") ? " " + Instant.ofEpochMilli(k.labelTs()) : ""));
                        }
                    }
                }
                List<String> predictions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT model, version, body FROM prediction_segment")) {
                    while (rs.next()) {
                        PredictionSegment.Cursor p = new PredictionSegment.Cursor(rs.getBytes(3));
                        while (p.next()) {
                            predictions.add(rs.getString(1) + "/" + rs.getInt(2) + " "
                                    + Instant.ofEpochMilli(p.sampleTs()) + " " + p.value());
                        }
                    }
                }
                Collections.sort(predictions);
                assertEquals(List.of("m/1 2026-12-01T10:00:00Z 0.25", "m/1 2026-12-01T10:00:00Z 0.75",
                        "m/1 2026-12-01T10:00:00Z NaN"), predictions, "every paired prediction, as a segment");
                assertEquals(List.of("7 m/1 r-1 0.75 null 1.0 1 2026-12-01T11:00:00Z",
                        "8 m/1 r-2 null cat null dog"), labels, "r-3 had no label and still has none");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.columns "
                        + "WHERE LOWER(table_name) = 'prediction_pairing' AND LOWER(column_name) LIKE 'label%'")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "the label columns are gone from prediction_pairing");
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
