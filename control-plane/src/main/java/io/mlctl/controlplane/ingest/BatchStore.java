package io.mlctl.controlplane.ingest;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.IngestResult;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stores an accepted batch in one transaction: the batch row (its unique idempotency key makes a repeat a duplicate
 * in every process), one partial profile per window it touches, the windows' row counts and the pairing records of
 * rows with a request id. A window row is
 * updated only while OPEN; the closer locks the same row, so a batch either lands before a window's close (and is
 * merged) or finds it CLOSED (its rows are late). Nothing is visible until the commit, which happens before the 2xx.
 */
@Singleton
public class BatchStore {
    private final TransactionOperations<Connection> tx;
    private final ReferenceCache references;
    private final Windowing windowing;
    private final JsonMapper json;

    public BatchStore(TransactionOperations<Connection> tx, ReferenceCache references, Windowing windowing,
                      JsonMapper json) {
        this.tx = tx;
        this.references = references;
        this.windowing = windowing;
        this.json = json;
    }

    /** Id of the version's current reference profile; 409 when there is none yet. */
    public long requireReference(String model, int version) {
        OptionalLong id = tx.executeRead(s -> ReferenceCache.currentId(s.getConnection(), model, version));
        if (id.isEmpty()) {
            throw ProblemException.conflict("model " + model + " version " + version + " has no reference profile; "
                    + "upload one first: mlctl profiles upload " + model + " " + version + " FILE");
        }
        return id.getAsLong();
    }

    /** The acknowledgement stored under a key, if a batch with that key was accepted. */
    public Optional<Stored> find(String model, int version, String key) {
        return tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection().prepareStatement("SELECT id, body_sha256, acknowledgement "
                    + "FROM ingest_batch WHERE model = ? AND version = ? AND idempotency_key = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setString(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(rs.getString(2), read(rs.getString(3))));
                }
            } catch (SQLException e) {
                throw Sql.wrap(e);
            }
        });
    }

    /**
     * Writes the batch and answers its acknowledgement.
     *
     * @throws ProblemException 422 when windows closed meanwhile and the batch may not be partly accepted (or
     *                          nothing is left)
     */
    public IngestResult store(String model, int version, String key, SampleReader.ParsedBatch batch, boolean partial,
                              long currentReference, String actor, Instant now) {
        // profiles are built before the write transaction, so it holds its locks only for the inserts
        Map<Long, Long> referenceOf = new HashMap<>();
        Map<Long, byte[]> profiles = new HashMap<>();
        tx.executeRead(s -> {
            referenceOf.putAll(windowReferences(s.getConnection(), model, version, batch, currentReference));
            referenceOf.forEach((start, ref) -> profiles.put(start,
                    batch.windows.get(start).profile(references.get(s.getConnection(), ref)).toBytes()));
            return null;
        });
        return tx.executeWrite(s -> {
            Connection c = s.getConnection();
            try {
                long batchId = insertBatch(c, model, version, key, batch.sha256(), actor, now);
                Map<Long, Long> windowIds = new HashMap<>();
                for (Long start : batch.windows.keySet()) {
                    long[] idAndRef = window(c, model, version, start, referenceOf.get(start));
                    windowIds.put(start, idAndRef[0]);
                    byte[] profile = profiles.get(start);
                    if (idAndRef[1] != referenceOf.get(start)) {
                        // created meanwhile by another batch with a newer reference: bin with that one
                        DatasetProfile ref = references.get(c, idAndRef[1]);
                        profile = batch.windows.get(start).profile(ref).toBytes();
                    }
                    insertPartial(c, idAndRef[0], batchId, batch.windows.get(start).rows(), profile);
                }
                List<Long> closed = new ArrayList<>();
                for (Long start : batch.windows.keySet()) { // ascending start: every process locks in one order
                    if (!countRows(c, windowIds.get(start), batch.windows.get(start).rows())) {
                        closed.add(start);
                    }
                }
                if (!closed.isEmpty()) {
                    for (Long start : closed) {
                        deletePartials(c, windowIds.get(start), batchId);
                        batch.rejectWindow(start, "late: the window " + Instant.ofEpochMilli(start)
                                + " was closed before the batch arrived");
                    }
                    if (!partial || batch.accepted() == 0) {
                        throw rejection(batch, partial);
                    }
                }
                for (WindowColumns cols : batch.windows.values()) { // only the rows accepted in the end
                    PairingStore.insert(c, model, version, cols.pairings());
                }
                IngestResult ack = acknowledgement(batchId, model, version, key, batch, partial, now);
                updateBatch(c, batchId, batch, ack);
                return ack;
            } catch (SQLException e) {
                throw Sql.wrap(e);
            }
        });
    }

    /** The 422 for a batch with rejected rows: nothing stored. */
    static ProblemException rejection(SampleReader.ParsedBatch batch, boolean partial) {
        int total = batch.accepted() + batch.rejected();
        List<ProblemError> errors = batch.errors.stream().map(RowError::toProblemError).toList();
        String detail;
        if (partial) {
            detail = "none of the " + total + " rows can be accepted; nothing was stored";
        } else {
            detail = batch.rejected() + " of " + total + " rows were rejected (first: line " + errors.get(0).line()
                    + ": " + errors.get(0).reason() + "); nothing was stored. Fix them, or send ?partial=true to "
                    + "accept the valid rows";
        }
        return ProblemException.unprocessable(detail, errors)
                .with("accepted", 0)
                .with("rejected", batch.rejected())
                .with("valid", batch.accepted());
    }

    private IngestResult acknowledgement(long batchId, String model, int version, String key,
                                         SampleReader.ParsedBatch batch, boolean partial, Instant now) {
        List<IngestResult.WindowRows> windows = new ArrayList<>();
        batch.windows.forEach((start, cols) -> {
            Instant s = Instant.ofEpochMilli(start);
            windows.add(new IngestResult.WindowRows(s, windowing.end(Granularity.WINDOW, s), cols.rows()));
        });
        List<ProblemError> errors = batch.errors.isEmpty() ? null
                : batch.errors.stream().map(RowError::toProblemError).toList();
        return new IngestResult(batchId, model, version, key, false, batch.accepted(), batch.rejected(), windows,
                errors, now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private Map<Long, Long> windowReferences(Connection c, String model, int version, SampleReader.ParsedBatch batch,
                                             long current) {
        Map<Long, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT reference_id FROM drift_window WHERE model = ? "
                + "AND version = ? AND granularity = 'window' AND window_start = ?")) {
            for (Long start : batch.windows.keySet()) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setTimestamp(3, Sql.ts(Instant.ofEpochMilli(start)));
                try (ResultSet rs = ps.executeQuery()) {
                    out.put(start, rs.next() ? rs.getLong(1) : current);
                }
            }
        } catch (SQLException e) {
            throw Sql.wrap(e);
        }
        return out;
    }

    private static long insertBatch(Connection c, String model, int version, String key, String sha, String actor,
                                    Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest_batch (model, version, idempotency_key, "
                + "body_sha256, rows_accepted, rows_rejected, acknowledgement, created_at, created_by) "
                + "VALUES (?, ?, ?, ?, 0, 0, '{}', ?, ?)", new String[]{"id"})) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, key);
            ps.setString(4, sha);
            ps.setTimestamp(5, Sql.ts(now));
            ps.setString(6, actor);
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    private void updateBatch(Connection c, long batchId, SampleReader.ParsedBatch batch, IngestResult ack)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingest_batch SET rows_accepted = ?, rows_rejected = ?, "
                + "acknowledgement = ? WHERE id = ?")) {
            ps.setInt(1, batch.accepted());
            ps.setInt(2, batch.rejected());
            ps.setString(3, write(ack));
            ps.setLong(4, batchId);
            ps.executeUpdate();
        }
    }

    /** Finds or creates the OPEN window row; answers {id, reference_id}. */
    private long[] window(Connection c, String model, int version, long start, long reference) throws SQLException {
        Instant s = Instant.ofEpochMilli(start);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_window (model, version, granularity, "
                + "window_start, window_end, close_at, reference_id, state, rows_total, batches) "
                + "VALUES (?, ?, 'window', ?, ?, ?, ?, 'OPEN', 0, 0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setTimestamp(3, Sql.ts(s));
            ps.setTimestamp(4, Sql.ts(windowing.end(Granularity.WINDOW, s)));
            ps.setTimestamp(5, Sql.ts(windowing.closeAt(Granularity.WINDOW, s)));
            ps.setLong(6, reference);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, reference_id FROM drift_window WHERE model = ? "
                + "AND version = ? AND granularity = 'window' AND window_start = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setTimestamp(3, Sql.ts(s));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static void insertPartial(Connection c, long windowId, long batchId, int rows, byte[] profile)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_partial (window_id, batch_id, rows_total, "
                + "profile) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, windowId);
            ps.setLong(2, batchId);
            ps.setLong(3, rows);
            ps.setBytes(4, profile);
            ps.executeUpdate();
        }
    }

    /** Adds the rows to an OPEN window; false when the window is closed (its lock was held by the closer). */
    private static boolean countRows(Connection c, long windowId, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET rows_total = rows_total + ?, "
                + "batches = batches + 1 WHERE id = ? AND state = 'OPEN'")) {
            ps.setLong(1, rows);
            ps.setLong(2, windowId);
            return ps.executeUpdate() == 1;
        }
    }

    private static void deletePartials(Connection c, long windowId, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM drift_partial WHERE window_id = ? AND batch_id = ?")) {
            ps.setLong(1, windowId);
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
    }

    static long generatedId(Statement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private String write(IngestResult ack) {
        try {
            return json.writeValueAsString(ack);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IngestResult read(String text) {
        try {
            return json.readValue(text, IngestResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A batch accepted earlier: the hash of its body and its acknowledgement. */
    public record Stored(String sha256, IngestResult acknowledgement) {
    }
}
