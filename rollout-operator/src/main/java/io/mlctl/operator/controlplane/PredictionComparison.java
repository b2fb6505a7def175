package io.mlctl.operator.controlplane;

import io.mlctl.api.drift.FeatureDriftResult;

import java.util.List;

/**
 * What {@code GET /models/{m}/drift/compare?baseline=B&candidate=C} says about a shadow: how many predictions each
 * version made over the same period, and the drift rows of the candidate's predictions against the baseline's.
 */
public record PredictionComparison(long baselineSamples, long candidateSamples, List<FeatureDriftResult> features) {
}
