package io.mlctl.operator.controlplane;

import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.operator.guardrail.DriftSource;
import io.mlctl.operator.guardrail.GuardrailTarget;
import io.mlctl.operator.guardrail.Reading;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;

import java.util.List;

/**
 * Drift guardrails from the control plane: in a shadow rollout the candidate's predictions against the baseline's
 * (same requests, same period); otherwise the candidate's newest drift report against its reference profile.
 */
public final class ControlPlaneDrift implements DriftSource {
    private final ControlPlane controlPlane;

    public ControlPlaneDrift(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public Reading read(DriftGuardrail drift, GuardrailTarget t) {
        List<FeatureDriftResult> rows;
        try {
            rows = t.shadow() ? controlPlane.compare(t.model(), t.baselineVersion(), t.candidateVersion()).features()
                    : controlPlane.latestDrift(t.model(), t.candidateVersion());
        } catch (ControlPlaneException e) {
            if (e.notFound()) {
                return new Reading.Missing("no data: no drift report for version " + t.candidateVersion() + " yet");
            }
            return new Reading.Missing("control plane unavailable for drift: " + e.getMessage());
        }
        FeatureDriftResult row = rows.stream().filter(r -> drift.feature().equals(r.name())).findFirst().orElse(null);
        if (row == null) {
            return new Reading.Missing("no data: the drift report has no feature " + drift.feature());
        }
        Double v = statistic(row, drift.statistic());
        return v == null ? new Reading.Missing("no data: " + drift.statistic() + " of " + drift.feature() + " is empty ("
                + row.verdict() + ")") : new Reading.Value(v);
    }

    /** The statistic named as in the report's JSON ({@code psi}, {@code ks_statistic}...). */
    static Double statistic(FeatureDriftResult row, String name) {
        return switch (name) {
            case "psi" -> row.psi();
            case "kl" -> row.kl();
            case "js_distance" -> row.jsDistance();
            case "ks_statistic" -> row.ksStatistic();
            case "null_rate_current" -> row.nullRateCurrent();
            default -> throw new IllegalArgumentException("unknown drift statistic " + name);
        };
    }
}
