package io.mlctl.controlplane.window;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The one store of the tables {@code drift_window} (one row per model, version, granularity and start: OPEN while it
 * collects rows, CLOSED with its merged profile once the closer evaluated it) and {@code drift_partial} (the profile of
 * one batch's rows in one window, or of a closed window rolled up into its hour or day). Ingest (HTTP samples,
 * CloudEvents, Kafka) folds rows in; the closer ({@code drift.WindowCloser}) locks, merges, closes and rolls up.
 *
 * <h2>Folding a batch in (any source)</h2>
 * <pre>{@code
 * SortedMap<Long, R> byWindow = ...;                        // window start (epoch ms) -> the batch's rows there
 * WindowStore.Prepared p = windows.prepare(model, version, byWindow, currentReferenceId); // outside the write
 * jdbc.write(c -> {                                          // the CALLER's transaction
 *     WindowStore.Folded f = windows.fold(model, version, batchIdOrNull, p);
 *     // f.late(): windows that closed before the batch came; their partials are already taken out again.
 *     // Throw to reject the whole batch (everything rolls back), or accept the rest:
 *     insertOwnRows(c, ...);                                 // e.g. the consumed Kafka offsets, ingest_batch
 *     return f;
 * });                                                        // partials, row counts and own rows commit together
 * }</pre>
 * {@link #prepare} bins each window's rows with the reference the window compares with (an existing window keeps its
 * reference; a new one takes {@code currentReference}) in a read transaction of its own (or the caller's), so the
 * write holds its locks only for the inserts. {@link #fold} must run inside a write transaction the caller owns
 * ({@link Jdbc#joined}: without one it fails rather than commit alone), so the caller can write its own rows (consumed
 * Kafka offsets, the batch's idempotency key, pairing records) in the same transaction and commit all atomically.
 * {@code batchId} is the {@code ingest_batch} row the partials belong to, or null for a source without one.
 *
 * <h2>Locking</h2>
 * A window row's counts are updated only while it is OPEN; the closer locks the same row ({@code FOR UPDATE SKIP
 * LOCKED}), so a batch either lands before a window's close (and is merged) or finds it CLOSED (its rows are late).
 * Window rows are updated in ascending start, so every process locks them in one order.
 */
@Singleton
public class WindowStore {
    private final Jdbc jdbc;
    private final Windowing windowing;
    private final ReferenceCache references;

    public WindowStore(Jdbc jdbc, Windowing windowing, ReferenceCache references) {
        this.jdbc = jdbc;
        this.windowing = windowing;
        this.references = references;
    }

    /** A batch's rows per window, profiled with the reference each window compares with. */
    public static final class Prepared {
        private final SortedMap<Long, ? extends WindowRows> rows;
        private final Map<Long, Long> referenceOf;
        private final Map<Long, byte[]> profiles;

        private Prepared(SortedMap<Long, ? extends WindowRows> rows, Map<Long, Long> referenceOf,
                         Map<Long, byte[]> profiles) {
            this.rows = rows;
            this.referenceOf = referenceOf;
            this.profiles = profiles;
        }
    }

    /**
     * What {@link #fold} did: the window ids the rows were counted in (by window start) and the starts of the windows
     * that were closed already (late: nothing of them stays).
     */
    public record Folded(SortedMap<Long, Long> windowIds, List<Long> late) {
    }

    /** Profiles each window's rows with that window's reference (see the class comment). */
    public Prepared prepare(String model, int version, SortedMap<Long, ? extends WindowRows> rows,
                            long currentReference) {
        Map<Long, Long> referenceOf = new HashMap<>();
        Map<Long, byte[]> profiles = new HashMap<>();
        jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT reference_id FROM drift_window WHERE model = ? "
                    + "AND version = ? AND granularity = 'window' AND window_start = ?")) {
                for (Long start : rows.keySet()) {
                    ps.setString(1, model);
                    ps.setInt(2, version);
                    ps.setTimestamp(3, Jdbc.ts(Instant.ofEpochMilli(start)));
                    try (ResultSet rs = ps.executeQuery()) {
                        referenceOf.put(start, rs.next() ? rs.getLong(1) : currentReference);
                    }
                }
            }
            referenceOf.forEach((start, ref) ->
                    profiles.put(start, rows.get(start).profile(references.get(ref)).toBytes()));
            return null;
        });
        return new Prepared(rows, referenceOf, profiles);
    }

    /**
     * Adds the prepared rows to their OPEN windows (creating them), in the caller's transaction. Windows found
     * CLOSED are listed as late and keep nothing of the batch.
     *
     * @param batchId the {@code ingest_batch} row of the batch, or null for a source without one
     */
    public Folded fold(String model, int version, @Nullable Long batchId, Prepared p) {
        return jdbc.joined(c -> {
            SortedMap<Long, Long> windowIds = new TreeMap<>();
            Map<Long, Long> partialIds = new HashMap<>();
            for (Long start : p.rows.keySet()) {
                long reference = p.referenceOf.get(start);
                long[] idAndRef = openWindow(c, model, version, Granularity.WINDOW, Instant.ofEpochMilli(start),
                        reference);
                windowIds.put(start, idAndRef[0]);
                byte[] profile = p.profiles.get(start);
                if (idAndRef[1] != reference) {
                    // created meanwhile by another batch with a newer reference: bin with that one
                    profile = p.rows.get(start).profile(references.get(idAndRef[1])).toBytes();
                }
                partialIds.put(start, insertPartial(c, idAndRef[0], batchId, null, p.rows.get(start).rows(), profile));
            }
            List<Long> late = new ArrayList<>();
            for (Long start : p.rows.keySet()) { // ascending start: every process locks in one order
                if (!countRows(c, windowIds.get(start), p.rows.get(start).rows())) {
                    late.add(start);
                }
            }
            for (Long start : late) {
                deletePartial(c, partialIds.get(start));
                windowIds.remove(start);
            }
            return new Folded(windowIds, Collections.unmodifiableList(late));
        });
    }

    /** Ids of up to {@code limit} OPEN windows of a granularity that are due at {@code now}, the oldest first. */
    public List<Long> due(Granularity g, Instant now, int limit) {
        return jdbc.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM drift_window WHERE state = 'OPEN' "
                    + "AND granularity = ? AND close_at <= ? ORDER BY close_at, id LIMIT ?")) {
                ps.setString(1, g.wireName());
                ps.setTimestamp(2, Jdbc.ts(now));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * Locks a window for closing, in the caller's transaction, if it is still OPEN, due and not held by another
     * process (SKIP LOCKED: with several control planes exactly one closes it).
     */
    public Optional<ClosingWindow> lockDue(long id, Instant now) {
        return jdbc.joined(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, model, version, granularity, window_start, "
                    + "window_end, reference_id, rows_total FROM drift_window WHERE id = ? AND state = 'OPEN' "
                    + "AND close_at <= ? FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, Jdbc.ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ClosingWindow(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            Granularity.of(rs.getString(4)), Jdbc.instant(rs.getTimestamp(5)),
                            Jdbc.instant(rs.getTimestamp(6)), rs.getLong(7), rs.getLong(8)));
                }
            }
        });
    }

    /** How many windows of granularity {@code child} inside {@code w} (an hour or day) are still OPEN. */
    public int openChildren(ClosingWindow w, Granularity child) {
        return jdbc.joined(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM drift_window WHERE model = ? "
                    + "AND version = ? AND granularity = ? AND window_start >= ? AND window_start < ? "
                    + "AND state = 'OPEN'")) {
                ps.setString(1, w.model());
                ps.setInt(2, w.version());
                ps.setString(3, child.wireName());
                ps.setTimestamp(4, Jdbc.ts(w.start()));
                ps.setTimestamp(5, Jdbc.ts(w.end()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** A window's partials merged: their rows and profile (null profile when there were none). */
    public record Merged(long rows, @Nullable DatasetProfile profile) {
    }

    /** Merges a window's partial profiles as they stream from the database. */
    public Merged merge(long windowId) {
        return jdbc.joined(c -> {
            DatasetProfile merged = null;
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT rows_total, profile FROM drift_partial "
                    + "WHERE window_id = ? ORDER BY id")) {
                ps.setFetchSize(32); // partials stream in: a busy window has many
                ps.setLong(1, windowId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows += rs.getLong(1);
                        DatasetProfile p = DatasetProfile.fromBytes(rs.getBytes(2));
                        merged = merged == null ? p : merged.merge(p);
                    }
                }
            }
            return new Merged(rows, merged);
        });
    }

    /** Sets a locked window CLOSED (with its report and merged profile, if it had rows) and drops its partials. */
    public void markClosed(long windowId, Instant now, String closedBy, @Nullable Long reportId,
                           @Nullable DatasetProfile merged) {
        jdbc.joined(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET state = 'CLOSED', "
                    + "closed_at = ?, closed_by = ?, report_id = ?, profile = ? WHERE id = ?")) {
                ps.setTimestamp(1, Jdbc.ts(now));
                ps.setString(2, closedBy);
                if (reportId == null) {
                    ps.setNull(3, Types.BIGINT);
                    ps.setNull(4, Types.VARBINARY);
                } else {
                    ps.setLong(3, reportId);
                    ps.setBytes(4, merged.toBytes());
                }
                ps.setLong(5, windowId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM drift_partial WHERE window_id = ?")) {
                ps.setLong(1, windowId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** What became of a roll-up. */
    public enum RollUp { ROLLED_UP, OTHER_REFERENCE, PARENT_CLOSED }

    /**
     * Adds a closed window's merged profile to the window of granularity {@code parent} holding it (its hour or day)
     * as a partial, creating that roll-up when needed; not when the roll-up compares with another reference or has
     * closed already.
     */
    public RollUp rollUp(ClosingWindow w, Granularity parent, DatasetProfile merged, long rows) {
        return jdbc.joined(c -> {
            Instant start = Windowing.parentStart(parent, w.start());
            long[] idAndRef = openWindow(c, w.model(), w.version(), parent, start, w.referenceId());
            if (idAndRef[1] != w.referenceId()) {
                return RollUp.OTHER_REFERENCE;
            }
            if (!countRows(c, idAndRef[0], rows)) {
                return RollUp.PARENT_CLOSED;
            }
            insertPartial(c, idAndRef[0], null, w.id(), rows, merged.toBytes());
            return RollUp.ROLLED_UP;
        });
    }

    /** Close time of the oldest OPEN window due at {@code now}, per granularity that has one. */
    public Map<Granularity, Instant> oldestDue(Instant now) {
        return jdbc.read(c -> {
            Map<Granularity, Instant> out = new EnumMap<>(Granularity.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT granularity, MIN(close_at) "
                    + "FROM drift_window WHERE state = 'OPEN' AND close_at <= ? GROUP BY granularity")) {
                ps.setTimestamp(1, Jdbc.ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(Granularity.of(rs.getString(1)), Jdbc.instant(rs.getTimestamp(2)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Hands {@code each} the profiles of a version's windows (of the configured length) that end after {@code from}:
     * closed windows' merged profiles and open windows' partials, so the newest rows count. Streamed, not collected.
     */
    public void recentProfiles(String model, int version, Instant from, Consumer<DatasetProfile> each) {
        String sql = "SELECT w.profile FROM drift_window w WHERE w.model = ? AND w.version = ? "
                + "AND w.granularity = 'window' AND w.window_end > ? AND w.state = 'CLOSED' AND w.profile IS NOT NULL "
                + "UNION ALL SELECT p.profile FROM drift_partial p JOIN drift_window w ON p.window_id = w.id "
                + "WHERE w.model = ? AND w.version = ? AND w.granularity = 'window' AND w.window_end > ? "
                + "AND w.state = 'OPEN'";
        jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(32);
                for (int i = 0; i < 2; i++) {
                    ps.setString(1 + 3 * i, model);
                    ps.setInt(2 + 3 * i, version);
                    ps.setTimestamp(3 + 3 * i, Jdbc.ts(from));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(DatasetProfile.fromBytes(rs.getBytes(1)));
                    }
                }
            }
            return null;
        });
    }

    /** Finds or creates the OPEN window row; answers {id, reference_id}. */
    private long[] openWindow(Connection c, String model, int version, Granularity g, Instant start,
                              long reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_window (model, version, granularity, "
                + "window_start, window_end, close_at, reference_id, state, rows_total, batches) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', 0, 0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, g.wireName());
            ps.setTimestamp(4, Jdbc.ts(start));
            ps.setTimestamp(5, Jdbc.ts(windowing.end(g, start)));
            ps.setTimestamp(6, Jdbc.ts(windowing.closeAt(g, start)));
            ps.setLong(7, reference);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, reference_id FROM drift_window WHERE model = ? "
                + "AND version = ? AND granularity = ? AND window_start = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, g.wireName());
            ps.setTimestamp(4, Jdbc.ts(start));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long insertPartial(Connection c, long windowId, @Nullable Long batchId,
                                      @Nullable Long sourceWindowId, long rows, byte[] profile) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_partial (window_id, batch_id, "
                + "source_window_id, rows_total, profile) VALUES (?, ?, ?, ?, ?)", new String[]{"id"})) {
            ps.setLong(1, windowId);
            if (batchId == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, batchId);
            }
            if (sourceWindowId == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, sourceWindowId);
            }
            ps.setLong(4, rows);
            ps.setBytes(5, profile);
            ps.executeUpdate();
            return Jdbc.generatedId(ps);
        }
    }

    /** Adds rows to an OPEN window; false when the window is closed (its lock was held by the closer). */
    private static boolean countRows(Connection c, long windowId, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET rows_total = rows_total + ?, "
                + "batches = batches + 1 WHERE id = ? AND state = 'OPEN'")) {
            ps.setLong(1, rows);
            ps.setLong(2, windowId);
            return ps.executeUpdate() == 1;
        }
    }

    private static void deletePartial(Connection c, long partialId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM drift_partial WHERE id = ?")) {
            ps.setLong(1, partialId);
            ps.executeUpdate();
        }
    }
}
