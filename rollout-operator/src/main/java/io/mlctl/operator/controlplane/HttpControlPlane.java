package io.mlctl.operator.controlplane;

import io.mlctl.api.client.ControlPlaneApi;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.api.retrain.RetrainTriggerRequest;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link ControlPlane} over the control plane's REST API through the one typed client
 * ({@link ControlPlaneApi}, paths in {@code io.mlctl.api.client.ApiPaths}). Its failures become
 * {@link ControlPlaneException}s with the same status (0 when unreachable) and message.
 */
public final class HttpControlPlane implements ControlPlane {
    private final ControlPlaneApi client;

    public HttpControlPlane(URI base, String token, Duration timeout) {
        this.client = new ControlPlaneApi(base, token, timeout);
    }

    @Override
    public int resolve(String model, String ref) {
        String uri = "models:/" + model + (ref.startsWith("@") ? ref : "/" + ref);
        return call(() -> client.resolve(uri)).version();
    }

    @Override
    public RegistryServing serving(String model, int version) {
        ModelVersion v = call(() -> client.version(model, version));
        var s = v.serving();
        return new RegistryServing(v.artifactUri(), v.runtime() == null ? null : v.runtime().name(),
                s == null ? null : s.image(), s == null ? null : s.port(),
                s == null || s.gpu() == null ? null : s.gpu().count(), s == null || s.gpu() == null ? null : s.gpu().product());
    }

    @Override
    public void moveAlias(String model, String alias, int version, int expected) {
        try {
            call(() -> {
                client.setAlias(model, alias, new AliasSetRequest(version, expected));
                return null;
            });
        } catch (ControlPlaneException e) {
            // a 409 because an earlier attempt of ours already moved it is a success
            if (e.status() == 409 && call(() -> client.alias(model, alias)).version() == version) {
                return;
            }
            throw e;
        }
    }

    @Override
    public DriftReport latestDrift(String model, int version) {
        return call(() -> client.latestDrift(model, version));
    }

    @Override
    public PredictionComparison compare(String model, int baseline, int candidate, Duration period) {
        return call(() -> client.comparePredictions(model, baseline, candidate, period));
    }

    @Override
    public QualityReport quality(String model, int version) {
        return call(() -> client.quality(model, version));
    }

    @Override
    public QualityComparison compareQuality(String model, int baseline, int candidate) {
        return call(() -> client.compareQuality(model, baseline, candidate));
    }

    @Override
    public Experiment createExperiment(ExperimentRequest request) {
        return call(() -> client.createExperiment(request));
    }

    @Override
    public Experiment experiment(String id) {
        return call(() -> client.experiment(id));
    }

    @Override
    public ExperimentReport experimentReport(String id) {
        return call(() -> client.experimentReport(id));
    }

    @Override
    public void stopExperiment(String id, String reason) {
        call(() -> {
            client.stopExperiment(id, reason);
            return null;
        });
    }

    @Override
    public RetrainTrigger triggerRetrain(String model, int version, String reason, Map<String, Object> evidence) {
        return call(() -> client.triggerRetrain(model, new RetrainTriggerRequest(version, reason, evidence)));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ControlPlaneApi.Failure f) {
            throw f.status() == 0 ? new ControlPlaneException(f.getMessage(), f.getCause())
                    : new ControlPlaneException(f.status(), f.getMessage());
        }
    }
}
