package io.mlctl.operator.controlplane;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;

import java.time.Duration;
import java.util.Map;

/**
 * Keeps versions' serving defaults for a short while: every reconciliation needs them for both versions, they
 * rarely change, and asking the control plane each time was most of a reconciliation's cost with hundreds of
 * rollouts. Everything else (aliases, drift, experiments) is always asked fresh.
 */
public final class CachingControlPlane implements ControlPlane {
    private final ControlPlane delegate;
    private final Cache<String, RegistryServing> serving;

    public CachingControlPlane(ControlPlane delegate, Duration ttl) {
        this.delegate = delegate;
        this.serving = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    @Override
    public RegistryServing serving(String model, int version) {
        return serving.get(model + "/" + version, k -> delegate.serving(model, version));
    }

    @Override
    public int resolve(String model, String ref) {
        return delegate.resolve(model, ref);
    }

    @Override
    public void moveAlias(String model, String alias, int version, int expected) {
        delegate.moveAlias(model, alias, version, expected);
    }

    @Override
    public DriftReport latestDrift(String model, int version) {
        return delegate.latestDrift(model, version);
    }

    @Override
    public PredictionComparison compare(String model, int baseline, int candidate, Duration period) {
        return delegate.compare(model, baseline, candidate, period);
    }

    @Override
    public QualityReport quality(String model, int version) {
        return delegate.quality(model, version);
    }

    @Override
    public QualityComparison compareQuality(String model, int baseline, int candidate) {
        return delegate.compareQuality(model, baseline, candidate);
    }

    @Override
    public Experiment createExperiment(ExperimentRequest request) {
        return delegate.createExperiment(request);
    }

    @Override
    public Experiment experiment(String id) {
        return delegate.experiment(id);
    }

    @Override
    public ExperimentReport experimentReport(String id) {
        return delegate.experimentReport(id);
    }

    @Override
    public void stopExperiment(String id, String reason) {
        delegate.stopExperiment(id, reason);
    }

    @Override
    public RetrainTrigger triggerRetrain(String model, int version, String reason, Map<String, Object> evidence) {
        return delegate.triggerRetrain(model, version, reason, evidence);
    }
}
