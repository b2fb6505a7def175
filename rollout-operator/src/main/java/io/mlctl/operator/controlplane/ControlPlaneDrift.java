package io.mlctl.operator.controlplane;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.operator.guardrail.DriftSource;
import io.mlctl.operator.guardrail.GuardrailTarget;
import io.mlctl.operator.guardrail.Reading;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;

import java.time.Duration;
import java.util.List;

/**
 * Drift guardrails from the control plane: in a shadow rollout the candidate's predictions against the baseline's
 * over the shadow so far (same requests, same period); otherwise the candidate's newest drift report against its
 * reference profile.
 */
public final class ControlPlaneDrift implements DriftSource {
    private final ControlPlane controlPlane;

    public ControlPlaneDrift(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public Reading read(DriftGuardrail drift, GuardrailTarget t) {
        try {
            return t.shadowPeriod() != null ? fromComparison(drift, t) : fromReport(drift, t);
        } catch (ControlPlaneException e) {
            if (!e.retryable()) {
                return new Reading.Missing("no data: " + e.getMessage());
            }
            return new Reading.Missing("control plane unavailable for drift: " + e.getMessage());
        }
    }

    private Reading fromReport(DriftGuardrail drift, GuardrailTarget t) {
        DriftReport report = controlPlane.latestDrift(t.model(), t.candidateVersion());
        if (t.trafficSince() != null && report.windowEnd() != null && !report.windowEnd().isAfter(t.trafficSince())) {
            // e.g. left from an earlier rollout of the same version: judging it would pass or fail on old traffic
            return new Reading.Missing("no data: the newest drift report of version " + t.candidateVersion() + " (window "
                    + report.windowStart() + " to " + report.windowEnd() + ") ended before the candidate got traffic at "
                    + t.trafficSince());
        }
        List<FeatureDriftResult> rows = report.features();
        FeatureDriftResult row = rows == null ? null
                : rows.stream().filter(r -> drift.feature().equals(r.name())).findFirst().orElse(null);
        if (row == null) {
            return new Reading.Missing("no data: the newest drift report of version " + t.candidateVersion() + " has no feature " + drift.feature());
        }
        Double v = switch (drift.statistic()) {
            case "psi" -> row.psi();
            case "kl" -> row.kl();
            case "js_distance" -> row.jsDistance();
            case "ks_statistic" -> row.ksStatistic();
            case "null_rate_current" -> row.nullRateCurrent();
            default -> null;
        };
        return v == null ? new Reading.Missing("no data: " + drift.statistic() + " of " + drift.feature() + " in the newest drift report ("
                + row.verdict() + ")") : new Reading.Value(v, "drift report " + report.id());
    }

    /** A shadow compares predictions only: the feature must be the prediction. */
    private Reading fromComparison(DriftGuardrail drift, GuardrailTarget t) {
        if (!FeatureSchema.PREDICTION.equals(drift.feature())) {
            return new Reading.Missing("a shadow rollout compares predictions only; use feature " + FeatureSchema.PREDICTION);
        }
        PredictionComparison c = controlPlane.compare(t.model(), t.baselineVersion(), t.candidateVersion(), t.shadowPeriod());
        Double v = switch (drift.statistic()) {
            case "psi" -> c.psi();
            case "kl" -> c.kl();
            case "ks_statistic" -> c.ksStatistic();
            case "agreement" -> c.agreement();
            default -> null;
        };
        if (v != null) {
            return new Reading.Value(v);
        }
        if (c.candidateSamples() == 0 || c.baselineSamples() == 0) {
            return new Reading.Missing("no data: " + c.candidateSamples() + " candidate and " + c.baselineSamples()
                    + " baseline predictions in the shadow so far");
        }
        return new Reading.Missing(drift.statistic() + " is not available from the comparison"
                + ("agreement".equals(drift.statistic()) ? ": " + c.agreementNote() : ""));
    }

    /** The look-back of a shadow comparison: the shadow so far, at least a minute. */
    public static Duration period(Duration elapsed) {
        Duration d = elapsed.withNanos(0);
        return d.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : d;
    }
}
