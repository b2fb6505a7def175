package db.migration;

import io.mlctl.controlplane.ingest.KeyHashTable;
import io.mlctl.controlplane.ingest.LabelSegment;
import io.mlctl.controlplane.ingest.PredictionSegment;
import io.mlctl.controlplane.ingest.SegmentStore;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes the segments (V2_10) of what an earlier release stored row by row: every prediction_pairing row into
 * prediction_segment, and every label stored on its prediction's row (V2_9) into label_segment, one segment per batch
 * it came in (each request had one label there, so none replaces another); V2_12 then drops the label columns. Java
 * because a segment is a binary the application writes, not something SQL can build. Rows from before V2_10 carry
 * batch 0 in prediction_segment; the parts number them.
 */
public class V2_11__Rows_into_segments extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            // a segment is mostly hashes and doubles: TOAST's default compression costs PostgreSQL CPU on every
            // write for little space (docs/BENCHMARKS.md, "Labels as segments"). PostgreSQL-only DDL, hence here.
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE label_segment ALTER COLUMN body SET STORAGE EXTERNAL");
                s.execute("ALTER TABLE prediction_segment ALTER COLUMN body SET STORAGE EXTERNAL");
            }
        }
        predictions(c);
        labels(c);
    }

    private static void predictions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT model, version, sample_ts, prediction_num, request_key "
                + "FROM prediction_pairing ORDER BY model, version");
             ResultSet rs = ps.executeQuery()) {
            int part = 0;
            String model = null;
            int version = 0;
            PredictionSegment.Writer open = null;
            while (rs.next()) {
                String m = rs.getString(1);
                int v = rs.getInt(2);
                if (open == null || !m.equals(model) || v != version || open.entries() == SegmentStore.MAX_ENTRIES) {
                    if (open != null) {
                        SegmentStore.PREDICTIONS.insert(c, 0, part++, model, version, open);
                    }
                    model = m;
                    version = v;
                    open = new PredictionSegment.Writer();
                }
                long ts = rs.getTimestamp(3).getTime();
                double value = rs.getDouble(4);
                Double number = rs.wasNull() ? null : value;
                open.add(KeyHashTable.hash(rs.getString(5)), ts, number);
            }
            if (open != null) {
                SegmentStore.PREDICTIONS.insert(c, 0, part, model, version, open);
            }
        }
    }

    private static void labels(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT model, version, label_batch_id, request_key, sample_ts, "
                + "prediction_num, prediction_cat, label_num, label_cat, label_ts FROM prediction_pairing "
                + "WHERE label_cat IS NOT NULL ORDER BY model, version, label_batch_id");
             ResultSet rs = ps.executeQuery()) {
            LabelRun open = null;
            while (rs.next()) {
                String model = rs.getString(1);
                int version = rs.getInt(2);
                long batch = rs.getLong(3);
                boolean same = open != null && open.is(model, version, batch);
                if (!same || open.writer.entries() == SegmentStore.MAX_ENTRIES) {
                    if (open != null) {
                        SegmentStore.LABELS.insert(c, open.batch, open.part, open.model, open.version, open.writer);
                    }
                    open = new LabelRun(model, version, batch, same ? open.part + 1 : 0);
                }
                String key = rs.getString(4);
                double prediction = rs.getDouble(6);
                Double predictionNumber = rs.wasNull() ? null : prediction;
                double label = rs.getDouble(8);
                Double labelNumber = rs.wasNull() ? null : label;
                open.writer.add(KeyHashTable.hash(key), key, rs.getTimestamp(5).getTime(), predictionNumber,
                        rs.getString(7), labelNumber, rs.getString(9), rs.getTimestamp(10).getTime(), false);
            }
            if (open != null) {
                SegmentStore.LABELS.insert(c, open.batch, open.part, open.model, open.version, open.writer);
            }
        }
    }

    /** The label segment being written: one batch's labels of one version. */
    private static final class LabelRun {
        final String model;
        final int version;
        final long batch;
        final int part;
        final LabelSegment.Writer writer = new LabelSegment.Writer();

        LabelRun(String model, int version, long batch, int part) {
            this.model = model;
            this.version = version;
            this.batch = batch;
            this.part = part;
        }

        boolean is(String m, int v, long b) {
            return model.equals(m) && version == v && batch == b;
        }
    }
}
