package io.mlctl.operator.controlplane;

import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;

import java.util.List;
import java.util.Map;

/**
 * The operator's only way to the control plane (DESIGN: the operator talks to it over HTTP only). Failures are
 * {@link ControlPlaneException}s.
 */
public interface ControlPlane {
    /** The version an alias ({@code @production}) or a version number ({@code 7}) of a model points at. */
    int resolve(String model, String ref);

    /** A version's artifact and serving defaults. */
    RegistryServing serving(String model, int version);

    /**
     * Points the alias at the version (promotion), as a compare-and-set from {@code expected}: a 409 when someone
     * else moved it meanwhile. Moving it where it already points succeeds (a retried promotion).
     */
    void moveAlias(String model, String alias, int version, int expected);

    /** The feature rows of the version's newest drift report (prediction: {@code __prediction__}). */
    List<FeatureDriftResult> latestDrift(String model, int version);

    /** The candidate's recent predictions compared with the baseline's over the same period (shadow rollouts). */
    PredictionComparison compare(String model, int baseline, int candidate);

    /** Creates the experiment judging an A/B rollout; the control plane sizes it with the experiments module. */
    Experiment createExperiment(ExperimentRequest request);

    Experiment experiment(String id);

    /** The experiment's verdict and its required and observed samples per arm. */
    ExperimentReport experimentReport(String id);

    void stopExperiment(String id);

    /** Asks for a retrain of the model (after a rollback). */
    void triggerRetrain(String model, int version, String reason, Map<String, Object> evidence);
}
