package io.mlctl.controlplane.window;

import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.ProfileMode;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window store's fold in a transaction its caller owns (as the Kafka consumer uses it): the caller's own rows
 * and the partials commit or roll back together, a fold outside a transaction is refused, and a window closed
 * meanwhile reports its rows as late and keeps nothing of them.
 */
class WindowStoreTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        // no background close: the test decides which windows are closed
        return Map.of("mlctl.drift.close-interval", "1h", "mlctl.drift.close-initial-delay", "1h");
    }

    /** n rows of one categorical column. */
    private record Rows(int n) implements WindowRows {
        @Override
        public int rows() {
            return n;
        }

        @Override
        public DatasetProfile profile(DatasetProfile reference) {
            CategoricalProfile.Builder b = CategoricalProfile.builder(ProfileMode.STREAMING);
            b.add("a", n);
            return new DatasetProfile(Map.of("country", b.build()));
        }
    }

    private long setUp(String model) {
        Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                SampleData.referenceCsv(200, 1)).assertStatus(200);
        return server.bean(ReferenceCache.class).currentId(model, 1).orElseThrow();
    }

    private SortedMap<Long, WindowRows> twoWindows(int first, int second) {
        Windowing windowing = server.bean(Windowing.class);
        long start = windowing.windowStart(Instant.now());
        SortedMap<Long, WindowRows> rows = new TreeMap<>();
        rows.put(start, new Rows(first));
        rows.put(start + windowing.length().toMillis(), new Rows(second));
        return rows;
    }

    @Test
    void foldCommitsAndRollsBackWithTheCallersRows() throws Exception {
        String model = "fold-" + kind.name().toLowerCase();
        long reference = setUp(model);
        WindowStore windows = server.bean(WindowStore.class);
        Jdbc jdbc = server.bean(Jdbc.class);
        WindowStore.Prepared prepared = windows.prepare(model, 1, twoWindows(3, 4), reference);

        assertThrows(RuntimeException.class, () -> jdbc.write(c -> {
            windows.fold(model, 1, null, prepared);
            insertOwnRow(c, model, "offsets-1");
            throw new IllegalStateException("the caller fails after folding");
        }));
        assertEquals(0, count("SELECT COUNT(*) FROM drift_window WHERE model = ?", model));
        assertEquals(0, count("SELECT COUNT(*) FROM ingest_batch WHERE model = ?", model));

        WindowStore.Folded folded = jdbc.write(c -> {
            WindowStore.Folded f = windows.fold(model, 1, null, prepared);
            insertOwnRow(c, model, "offsets-2");
            return f;
        });
        assertEquals(List.of(), folded.late());
        assertEquals(2, folded.windowIds().size());
        assertEquals(7, count("SELECT SUM(rows_total) FROM drift_window WHERE model = ?", model));
        assertEquals(2, count("SELECT COUNT(*) FROM drift_partial p JOIN drift_window w ON p.window_id = w.id "
                + "WHERE w.model = ? AND p.batch_id IS NULL", model));
        assertEquals(1, count("SELECT COUNT(*) FROM ingest_batch WHERE model = ?", model));
    }

    @Test
    void foldOutsideATransactionIsRefused() throws Exception {
        String model = "notx-" + kind.name().toLowerCase();
        long reference = setUp(model);
        WindowStore windows = server.bean(WindowStore.class);
        WindowStore.Prepared prepared = windows.prepare(model, 1, twoWindows(1, 1), reference);
        assertThrows(RuntimeException.class, () -> windows.fold(model, 1, null, prepared));
        assertEquals(0, count("SELECT COUNT(*) FROM drift_window WHERE model = ?", model));
    }

    @Test
    void rowsOfAClosedWindowAreLate() throws Exception {
        String model = "late-" + kind.name().toLowerCase();
        long reference = setUp(model);
        WindowStore windows = server.bean(WindowStore.class);
        Jdbc jdbc = server.bean(Jdbc.class);
        SortedMap<Long, WindowRows> rows = twoWindows(5, 6);
        jdbc.write(c -> windows.fold(model, 1, null, windows.prepare(model, 1, rows, reference)));
        long closedStart = rows.firstKey();
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET state = 'CLOSED' WHERE model = ? "
                     + "AND window_start = ?")) {
            ps.setString(1, model);
            ps.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(closedStart)));
            assertEquals(1, ps.executeUpdate());
        }

        WindowStore.Folded folded = jdbc.write(c ->
                windows.fold(model, 1, null, windows.prepare(model, 1, rows, reference)));
        assertEquals(List.of(closedStart), folded.late());
        assertTrue(!folded.windowIds().containsKey(closedStart) && folded.windowIds().size() == 1);
        assertEquals(5, count("SELECT rows_total FROM drift_window WHERE model = ? AND state = 'CLOSED'", model));
        assertEquals(12, count("SELECT rows_total FROM drift_window WHERE model = ? AND state = 'OPEN'", model));
        assertEquals(1, count("SELECT COUNT(*) FROM drift_partial p JOIN drift_window w ON p.window_id = w.id "
                + "WHERE w.model = ? AND w.state = 'CLOSED'", model));
    }

    /** A row of the caller's own, written in the same transaction (here: a batch row, as offsets would be). */
    private static void insertOwnRow(Connection c, String model, String key) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest_batch (model, version, idempotency_key, "
                + "body_sha256, rows_accepted, rows_rejected, acknowledgement, created_at) "
                + "VALUES (?, 1, ?, 'x', 0, 0, '{}', CURRENT_TIMESTAMP)")) {
            ps.setString(1, model);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    private long count(String sql, String model) throws Exception {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
