package io.mlctl.operator.controlplane;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.operator.guardrail.DriftSource;
import io.mlctl.operator.guardrail.GuardrailTarget;
import io.mlctl.operator.guardrail.Reading;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;
import io.mlctl.rollout.api.GuardrailsSpec.QualityGuardrail;
import io.mlctl.rollout.api.Numbers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /**
     * Quality guardrails. In a shadow rollout, the candidate's metric on the labelled requests both versions
     * predicted (the baseline's on the same requests is in the comparison); otherwise the candidate's newest window of
     * prediction time with labels that ended after the candidate got traffic. Fewer than {@code minLabels} labelled
     * predictions there is no data (Inconclusive), never a pass.
     */
    @Override
    public Reading readQuality(QualityGuardrail q, GuardrailTarget t) {
        try {
            if (t.shadowPeriod() != null) {
                QualityComparison c = controlPlane.compareQuality(t.model(), t.baselineVersion(), t.candidateVersion());
                if (c.pairs() < q.minLabelsOrDefault()) {
                    return new Reading.Missing("no data: " + c.pairs() + " labelled requests both versions predicted, "
                            + q.minLabelsOrDefault() + " needed (minLabels)");
                }
                Reading r = metric(q, c.candidate(), "the candidate on the shadow's labelled requests");
                if (r instanceof Reading.Value v && c.baseline() != null
                        && c.baseline().get(q.metric()) instanceof Number base) {
                    // the comparison goes into the status: the baseline's value on the same requests. Fixed evidence
                    // (the ledger counts a repeat once) is right here: the same pairs give the same value.
                    return new Reading.Value(v.value(), "quality compare: baseline " + q.metric() + " "
                            + Numbers.format(base.doubleValue()) + " on the same " + c.pairs() + " labelled requests");
                }
                return r;
            }
            QualityReport report = controlPlane.quality(t.model(), t.candidateVersion());
            QualityWindow window = report.items().stream()
                    .filter(w -> w.labeled() > 0)
                    .filter(w -> t.trafficSince() == null || w.windowEnd().isAfter(t.trafficSince()))
                    .findFirst().orElse(null);
            if (window == null) {
                return new Reading.Missing("no data: no labels yet for version " + t.candidateVersion()
                        + " since it got traffic");
            }
            if (window.labeled() < q.minLabelsOrDefault()) {
                return new Reading.Missing("no data: " + window.labeled() + " labelled predictions in the window from "
                        + window.windowStart() + ", " + q.minLabelsOrDefault() + " needed (minLabels)");
            }
            return metric(q, window.metrics(), "the window from " + window.windowStart());
        } catch (ControlPlaneException e) {
            if (!e.retryable()) {
                return new Reading.Missing("no data: " + e.getMessage());
            }
            return new Reading.Missing("control plane unavailable for quality: " + e.getMessage());
        }
    }

    private static Reading metric(QualityGuardrail q, Map<String, Object> metrics, String where) {
        Object v = metrics == null ? null : metrics.get(q.metric());
        if (!(v instanceof Number n)) {
            return new Reading.Missing("no data: " + q.metric() + " is undefined in " + where
                    + " (a metric of another task, or e.g. ROC AUC with one class)");
        }
        return new Reading.Value(n.doubleValue());
    }

    /** The look-back of a shadow comparison: the shadow so far, at least a minute. */
    public static Duration period(Duration elapsed) {
        Duration d = elapsed.withNanos(0);
        return d.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : d;
    }
}
