package io.mlctl.controlplane.drift;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.controlplane.window.ReferenceCache;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.drift.profile.Bins;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Agreement of two versions' predictions for the same requests: the pairing records of both versions joined on the
 * request key, both sampled after {@code from}. Categorical and boolean predictions agree when equal. Numeric ones
 * agree when they fall into the same bin of the baseline's current reference profile (its prediction bins, the ones
 * PSI uses): a scale-free rule that needs no tolerance per model and reads as "same risk decile" for scores.
 */
@Singleton
public class PredictionAgreement {
    private final Jdbc jdbc;
    private final ReferenceCache references;

    public PredictionAgreement(Jdbc jdbc, ReferenceCache references) {
        this.jdbc = jdbc;
        this.references = references;
    }

    /** The share of agreeing pairs (null when there are none), the number of pairs, and what the share means. */
    public record Result(Double agreement, long pairs, String note) {
    }

    public Result measure(String model, int baseline, int candidate, SampleSchema baselineSchema, Instant from) {
        int prediction = baselineSchema.predictionIndex();
        if (prediction < 0) {
            return new Result(null, 0, "the schema of version " + baseline + " declares no prediction");
        }
        boolean numeric = baselineSchema.columns().get(prediction).numeric();
        return jdbc.read(c -> {
            double[] edges = numeric ? edges(model, baseline) : null;
            if (numeric && edges == null) {
                return new Result(null, 0, "version " + baseline + " has no binned reference profile of its "
                        + "predictions to compare numeric predictions with");
            }
            long[] counts = count(c, model, baseline, candidate, from, edges);
            long pairs = counts[0];
            if (pairs == 0) {
                return new Result(null, 0, "no samples with a request_id for both versions in the period, so no "
                        + "predictions could be paired");
            }
            String rule = numeric ? "fall in the same one of the " + (edges.length + 1) + " prediction bins of version "
                    + baseline + "'s reference profile" : "are equal";
            return new Result((double) counts[1] / pairs, pairs, "share of the " + pairs + " requests with a "
                    + "request_id in both versions whose predictions " + rule);
        });
    }

    private double[] edges(String model, int version) {
        OptionalLong ref = references.currentId(model, version);
        if (ref.isEmpty()) {
            return null;
        }
        FeatureProfile p = references.get(ref.getAsLong()).feature(FeatureSchema.PREDICTION);
        return p instanceof NumericProfile np && np.binned() ? np.edges() : null;
    }

    /** {pairs, agreeing pairs}; {@code edges} null: categorical predictions. */
    private static long[] count(Connection c, String model, int baseline, int candidate, Instant from,
                                double[] edges) throws SQLException {
        // driven by the candidate's records (the mirrored share, usually the fewer), probing the baseline's by key
        String sql = "SELECT b.prediction_num, b.prediction_cat, k.prediction_num, k.prediction_cat "
                + "FROM prediction_pairing k JOIN prediction_pairing b ON b.model = k.model AND b.version = ? "
                + "AND b.request_key = k.request_key "
                + "WHERE k.model = ? AND k.version = ? AND k.sample_ts > ? AND b.sample_ts > ?";
        long pairs = 0;
        long agreeing = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            ps.setInt(1, baseline);
            ps.setString(2, model);
            ps.setInt(3, candidate);
            ps.setTimestamp(4, Jdbc.ts(from));
            ps.setTimestamp(5, Jdbc.ts(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Boolean agree = edges != null ? sameBin(rs, edges) : sameCategory(rs);
                    if (agree != null) { // null: the versions' schemas disagree on the prediction's type
                        pairs++;
                        agreeing += agree ? 1 : 0;
                    }
                }
            }
        }
        return new long[]{pairs, agreeing};
    }

    private static Boolean sameBin(ResultSet rs, double[] edges) throws SQLException {
        double b = rs.getDouble(1);
        boolean bNull = rs.wasNull();
        double k = rs.getDouble(3);
        if (bNull || rs.wasNull()) {
            return null;
        }
        return Bins.binOf(edges, b) == Bins.binOf(edges, k);
    }

    private static Boolean sameCategory(ResultSet rs) throws SQLException {
        String b = rs.getString(2);
        String k = rs.getString(4);
        return b == null || k == null ? null : b.equals(k);
    }
}
