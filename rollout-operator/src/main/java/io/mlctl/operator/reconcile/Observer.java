package io.mlctl.operator.reconcile;

import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.operator.server.ServerConfigResolver;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;

/**
 * Resolves the baseline and candidate references once (pinning the versions in the status, so a moving alias
 * cannot change a running rollout) and looks up how each version is served.
 */
final class Observer {
    private final ControlPlane controlPlane;

    Observer(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    Observation observe(ModelRollout rollout) throws ObservationException {
        ModelRolloutSpec spec = rollout.getSpec();
        ModelRolloutStatus status = rollout.getStatus();
        try {
            if (status.getBaselineVersion() == null || status.getCandidateVersion() == null) {
                int baseline = resolve(spec.model(), spec.baseline(), "baseline");
                int candidate = resolve(spec.model(), spec.candidate(), "candidate");
                if (baseline == candidate) {
                    throw ObservationException.invalid("SameVersion", "the candidate " + spec.candidate()
                            + " and the baseline " + spec.baseline() + " are both version " + baseline + " of " + spec.model());
                }
                status.setBaselineVersion(baseline);
                status.setCandidateVersion(candidate);
            }
            return new Observation(server(rollout, status.getBaselineVersion()), server(rollout, status.getCandidateVersion()));
        } catch (ControlPlaneException e) {
            throw ObservationException.unavailable("cannot ask the control plane: " + e.getMessage());
        }
    }

    private int resolve(String model, String ref, String field) throws ObservationException {
        try {
            return controlPlane.resolve(model, ref);
        } catch (ControlPlaneException e) {
            if (e.notFound()) {
                throw ObservationException.invalid("VersionNotFound", "spec." + field + " " + ref + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private ServerConfig server(ModelRollout rollout, int version) throws ObservationException {
        String model = rollout.getSpec().model();
        try {
            return ServerConfigResolver.resolve(model, version, rollout.getSpec().server(), controlPlane.serving(model, version));
        } catch (IllegalArgumentException e) {
            throw ObservationException.invalid("ServerNotResolvable", e.getMessage());
        } catch (ControlPlaneException e) {
            if (e.notFound()) {
                throw ObservationException.invalid("VersionNotFound", "version " + version + " of " + model + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
