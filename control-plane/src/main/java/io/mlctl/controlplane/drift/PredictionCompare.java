package io.mlctl.controlplane.drift;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.window.WindowStore;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.profile.FeatureProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final WindowStore windows;
    private final SchemaSource schemas;
    private final PredictionAgreement agreement;

    public PredictionCompare(WindowStore windows, SchemaSource schemas,
                             PredictionAgreement agreement) {
        this.windows = windows;
        this.schemas = schemas;
        this.agreement = agreement;
    }

    public PredictionComparison compare(String model, int baseline, int candidate, Duration period, Instant now) {
        SampleSchema schema = schemas.schemaOf(model, baseline);
        schemas.schemaOf(model, candidate);
        Instant from = now.minus(period);
        FeatureProfile base = predictions(model, baseline, from);
        FeatureProfile cand = predictions(model, candidate, from);
        PredictionAgreement.Result paired = agreement.measure(model, baseline, candidate, schema, from);
        long n = base == null ? 0 : base.count();
        long m = cand == null ? 0 : cand.count();
        if (base == null || cand == null || n == 0 || m == 0) {
            return new PredictionComparison(model, baseline, candidate, from, now, n, m, null, null, null, null,
                    paired.pairs(), paired.agreement(), paired.note(), "no_data");
        }
        FeatureDriftConfig config = schema.drift().forFeature(FeatureSchema.PREDICTION, base.type());
        FeatureDrift d = DriftEvaluator.evaluate(FeatureSchema.PREDICTION, base, cand, config);
        return new PredictionComparison(model, baseline, candidate, from, now, n, m, orNull(d.psi()), orNull(d.kl()),
                orNull(d.ksStatistic()), orNull(d.ksPValue()), paired.pairs(), paired.agreement(), paired.note(),
                d.verdict().wireName());
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private FeatureProfile predictions(String model, int version, Instant from) {
        FeatureProfile[] merged = {null};
        windows.recentProfiles(model, version, from, profile -> {
            FeatureProfile p = profile.feature(FeatureSchema.PREDICTION);
            if (p == null) {
                return;
            }
            try {
                merged[0] = merged[0] == null ? p : merged[0].merge(p);
            } catch (IllegalArgumentException e) {
                // a window binned with an older reference: its predictions cannot be merged with the rest
                LOG.debug("skipping a prediction profile of {}/{}: {}", model, version, e.getMessage());
            }
        });
        return merged[0];
    }
}
