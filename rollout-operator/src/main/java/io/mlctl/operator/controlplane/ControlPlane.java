package io.mlctl.operator.controlplane;

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
 * The operator's only way to the control plane (docs/DESIGN.md "The loop": the operator talks to it over HTTP only). Failures are
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

    /** The version's newest drift report (its feature rows include the prediction, {@code __prediction__}). */
    DriftReport latestDrift(String model, int version);

    /** The candidate's predictions compared with the baseline's over the last {@code period} (shadow rollouts). */
    PredictionComparison compare(String model, int baseline, int candidate, Duration period);

    /** The version's realized quality per window of prediction time, newest first (quality guardrails). */
    QualityReport quality(String model, int version);

    /** Both versions' realized quality on the same labelled requests (quality guardrails of shadow rollouts). */
    QualityComparison compareQuality(String model, int baseline, int candidate);

    /** Creates the experiment judging an A/B rollout; the control plane sizes it with the experiments module. */
    Experiment createExperiment(ExperimentRequest request);

    Experiment experiment(String id);

    /** The experiment's verdict and its required and observed samples per arm. */
    ExperimentReport experimentReport(String id);

    void stopExperiment(String id, String reason);

    /**
     * Asks for a retrain of the model; {@code reason} is {@code rollback} from the operator. Answers the trigger; a
     * repeat within the model's retrain cooldown answers the existing one (so retrying after a lost answer is safe).
     */
    RetrainTrigger triggerRetrain(String model, int version, String reason, Map<String, Object> evidence);
}
