package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.db.Jdbc;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A segments table (V2_10): label_segment ({@link LabelSegment}) or prediction_segment ({@link PredictionSegment}),
 * rows appended per accepted batch, each a blob of up to {@link #MAX_ENTRIES} entries.
 */
public final class SegmentStore {
    /** Entries per segment row: bounds one row's size (a few MB) whatever the batch size. */
    public static final int MAX_ENTRIES = 50_000;

    public static final SegmentStore LABELS = new SegmentStore("label_segment");
    public static final SegmentStore PREDICTIONS = new SegmentStore("prediction_segment");

    private final String table;

    private SegmentStore(String table) {
        this.table = table;
    }

    /** Receives the segments of a version in the order asked for. */
    public interface SegmentSink {
        void segment(long batchId, byte[] body) throws SQLException;
    }

    /** One segment of a batch. */
    public void insert(Connection c, long batchId, int part, String model, int version, SegmentBuffer.Writer segment)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (batch_id, part, model, version, "
                + "entries, newest_sample_ts, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, batchId);
            ps.setInt(2, part);
            ps.setString(3, model);
            ps.setInt(4, version);
            ps.setInt(5, segment.entries());
            ps.setTimestamp(6, Jdbc.ts(Instant.ofEpochMilli(segment.newestSampleTs())));
            ps.setBytes(7, segment.bytes());
            ps.executeUpdate();
        }
    }

    /** The version's segments of batches after {@code afterBatch}, oldest first. */
    public void after(Connection c, String model, int version, long afterBatch, SegmentSink sink)
            throws SQLException {
        read(c, "ORDER BY batch_id, part", model, version, afterBatch, sink);
    }

    /** Every segment of the version, newest batch first. */
    public void newestFirst(Connection c, String model, int version, SegmentSink sink) throws SQLException {
        read(c, "ORDER BY batch_id DESC, part DESC", model, version, Long.MIN_VALUE, sink);
    }

    private void read(Connection c, String order, String model, int version, long afterBatch, SegmentSink sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id, body FROM " + table + " WHERE model = ? "
                + "AND version = ? AND batch_id > ? " + order)) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setLong(3, afterBatch);
            if (ps.isWrapperFor(PGStatement.class)) {
                // server-prepared from the first run, so the blobs come in binary: the driver otherwise reads the first
                // few executions as text, and bytea as text is hex, twice the bytes to encode, send and decode
                ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.segment(rs.getLong(1), rs.getBytes(2));
                }
            }
        }
    }

    /** Deletes the segments whose every entry's prediction is older than {@code cutoff}; answers how many. */
    public int deleteOlderThan(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE newest_sample_ts < ?")) {
            ps.setTimestamp(1, Jdbc.ts(cutoff));
            return ps.executeUpdate();
        }
    }
}
