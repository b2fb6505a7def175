package io.mlctl.controlplane.ingest;

import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.IngestResult;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.window.ReferenceCache;
import io.mlctl.controlplane.window.WindowStore;
import io.mlctl.controlplane.window.Windowing;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stores an accepted batch in one transaction: the batch row (its unique idempotency key makes a repeat a duplicate
 * in every process), the rows folded into their windows through the {@link WindowStore} (one partial profile per
 * window, the windows' row counts; rows of windows closed meanwhile are late) and the pairing records of rows with a
 * request id. Nothing is visible until the commit, which happens before the 2xx.
 */
@Singleton
public class BatchStore {
    private final Jdbc jdbc;
    private final WindowStore windows;
    private final ReferenceCache references;
    private final Windowing windowing;
    private final JsonMapper json;

    public BatchStore(Jdbc jdbc, WindowStore windows, ReferenceCache references, Windowing windowing,
                      JsonMapper json) {
        this.jdbc = jdbc;
        this.windows = windows;
        this.references = references;
        this.windowing = windowing;
        this.json = json;
    }

    /** Id of the version's current reference profile; 409 when there is none yet. */
    public long requireReference(String model, int version) {
        OptionalLong id = references.currentId(model, version);
        if (id.isEmpty()) {
            throw ProblemException.conflict("model " + model + " version " + version + " has no reference profile; "
                    + "upload one first: mlctl profiles upload " + model + " " + version + " FILE");
        }
        return id.getAsLong();
    }

    /** The acknowledgement stored under a key, if a batch with that key was accepted. */
    public Optional<Stored> find(String model, int version, String key) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, body_sha256, acknowledgement "
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
        WindowStore.Prepared prepared = windows.prepare(model, version, batch.windows, currentReference);
        return jdbc.write(c -> {
            long batchId = insertBatch(c, model, version, key, batch.sha256(), actor, now);
            WindowStore.Folded folded = windows.fold(model, version, batchId, prepared);
            if (!folded.late().isEmpty()) {
                for (Long start : folded.late()) {
                    batch.rejectWindow(start, "late: the window " + Instant.ofEpochMilli(start)
                            + " was closed before the batch arrived");
                }
                if (!partial || batch.accepted() == 0) {
                    throw rejection(batch, partial);
                }
            }
            // only the rows accepted in the end; the new pairing records also as prediction segments (the quality read)
            PredictionSegment.Writer segment = new PredictionSegment.Writer();
            int parts = 0;
            for (WindowColumns cols : batch.windows.values()) {
                for (PairingRecord r : PairingStore.insert(c, model, version, cols.pairings())) {
                    segment.add(KeyHashTable.hash(r.requestKey()), r.ts().toEpochMilli(), r.number());
                    if (segment.entries() == SegmentStore.MAX_ENTRIES) {
                        SegmentStore.PREDICTIONS.insert(c, batchId, parts++, model, version, segment);
                        segment = new PredictionSegment.Writer();
                    }
                }
            }
            if (segment.entries() > 0) {
                SegmentStore.PREDICTIONS.insert(c, batchId, parts, model, version, segment);
            }
            IngestResult ack = acknowledgement(batchId, model, version, key, batch, partial, now);
            updateBatch(c, batchId, batch, ack);
            return ack;
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

    private static long insertBatch(Connection c, String model, int version, String key, String sha, String actor,
                                    Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest_batch (model, version, idempotency_key, "
                + "body_sha256, rows_accepted, rows_rejected, acknowledgement, created_at, created_by) "
                + "VALUES (?, ?, ?, ?, 0, 0, '{}', ?, ?)", new String[]{"id"})) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, key);
            ps.setString(4, sha);
            ps.setTimestamp(5, Jdbc.ts(now));
            ps.setString(6, actor);
            ps.executeUpdate();
            return Jdbc.generatedId(ps);
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
