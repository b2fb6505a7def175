package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes pairing records inside a batch's transaction, so an acknowledged batch's records are durable and a rolled
 * back (or duplicate) batch leaves none. The first row of a request id per version wins: a later one (a retried
 * request in another batch) is ignored rather than paired twice.
 */
final class PairingStore {
    private PairingStore() {
    }

    /** Inserts the records; answers those that were new (a request's first row), in order. */
    static List<PairingRecord> insert(Connection c, String model, int version, List<PairingRecord> records)
            throws SQLException {
        if (records.isEmpty()) {
            return records;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction_pairing (model, version, request_key, "
                + "prediction_num, prediction_cat, sample_ts) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (PairingRecord r : records) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setString(3, r.requestKey());
                if (r.number() == null) {
                    ps.setNull(4, Types.DOUBLE);
                } else {
                    ps.setDouble(4, r.number());
                }
                ps.setString(5, r.category());
                ps.setTimestamp(6, Jdbc.ts(r.ts()));
                ps.addBatch();
            }
            int[] inserted = ps.executeBatch();
            List<PairingRecord> out = new ArrayList<>(records.size());
            for (int i = 0; i < inserted.length; i++) {
                // 0: the request id was paired before (ON CONFLICT DO NOTHING); both databases count each row
                if (inserted[i] != 0) {
                    out.add(records.get(i));
                }
            }
            return out;
        }
    }
}
