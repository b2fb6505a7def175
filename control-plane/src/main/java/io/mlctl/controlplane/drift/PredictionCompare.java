package io.mlctl.controlplane.drift;

import io.micronaut.transaction.TransactionOperations;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.controlplane.ingest.SampleSchema;
import io.mlctl.controlplane.ingest.SchemaSource;
import io.mlctl.controlplane.ingest.Sql;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A candidate's predictions against a baseline's over the same recent period, for shadow rollouts: the prediction
 * profiles of both versions' windows that end after {@code now - period} (closed windows' merged profiles and open
 * windows' partials, so the newest traffic counts), with the baseline as the reference; and the agreement of the
 * predictions of requests both versions logged with the same request id ({@link PredictionAgreement}).
 */
@Singleton
public class PredictionCompare {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionCompare.class);

    private final TransactionOperations<Connection> tx;
    private final SchemaSource schemas;
    private final PredictionAgreement agreement;

    public PredictionCompare(TransactionOperations<Connection> tx, SchemaSource schemas,
                             PredictionAgreement agreement) {
        this.tx = tx;
        this.schemas = schemas;
        this.agreement = agreement;
    }

    public PredictionComparison compare(String model, int baseline, int candidate, Duration period, Instant now) {
        SampleSchema schema = schemas.schemaOf(model, baseline);
        schemas.schemaOf(model, candidate);
        Instant from = now.minus(period);
        FeatureProfile base = tx.executeRead(s -> predictions(s.getConnection(), model, baseline, from));
        FeatureProfile cand = tx.executeRead(s -> predictions(s.getConnection(), model, candidate, from));
        PredictionAgreement.Result paired = agreement.measure(model, baseline, candidate, schema, from);
        long n = base == null ? 0 : base.count();
        long m = cand == null ? 0 : cand.count();
        if (base == null || cand == null || n == 0 || m == 0) {
            return new PredictionComparison(model, baseline, candidate, from, now, n, m, null, null, null, null,
                    paired.pairs(), paired.agreement(), paired.note(), "no_data");
        }
        FeatureDriftConfig config = schema.drift().forFeature(DatasetProfile.PREDICTION, base.type());
        FeatureDrift d = DriftEvaluator.evaluate(DatasetProfile.PREDICTION, base, cand, config);
        return new PredictionComparison(model, baseline, candidate, from, now, n, m, orNull(d.psi()), orNull(d.kl()),
                orNull(d.ksStatistic()), orNull(d.ksPValue()), paired.pairs(), paired.agreement(), paired.note(),
                d.verdict().wireName());
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static FeatureProfile predictions(Connection c, String model, int version, Instant from) {
        FeatureProfile merged = null;
        String sql = "SELECT w.profile FROM drift_window w WHERE w.model = ? AND w.version = ? "
                + "AND w.granularity = 'window' AND w.window_end > ? AND w.state = 'CLOSED' AND w.profile IS NOT NULL "
                + "UNION ALL SELECT p.profile FROM drift_partial p JOIN drift_window w ON p.window_id = w.id "
                + "WHERE w.model = ? AND w.version = ? AND w.granularity = 'window' AND w.window_end > ? "
                + "AND w.state = 'OPEN'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(32);
            for (int i = 0; i < 2; i++) {
                ps.setString(1 + 3 * i, model);
                ps.setInt(2 + 3 * i, version);
                ps.setTimestamp(3 + 3 * i, Sql.ts(from));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FeatureProfile p = DatasetProfile.fromBytes(rs.getBytes(1)).feature(DatasetProfile.PREDICTION);
                    if (p == null) {
                        continue;
                    }
                    try {
                        merged = merged == null ? p : merged.merge(p);
                    } catch (IllegalArgumentException e) {
                        // a window binned with an older reference: its predictions cannot be merged with the rest
                        LOG.debug("skipping a prediction profile of {}/{}: {}", model, version, e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            throw Sql.wrap(e);
        }
        return merged;
    }
}
