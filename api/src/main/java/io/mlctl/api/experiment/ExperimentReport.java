package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/experiments/{id}/report}. The rollout operator reads {@code verdict} and
 * {@code samples.required/observed}; people read {@code reason} and the metric rows (also as the HTML page).
 */
@Serdeable
public record ExperimentReport(String experiment,
                               String model,
                               ExperimentStatus status,
                               Instant createdAt,
                               @Nullable Instant stoppedAt,
                               Instant generatedAt,
                               Verdict verdict,
                               String reason,
                               @Nullable String winner,
                               Samples samples,
                               SrmCheck srm,
                               double alpha,
                               double power,
                               long nStar,
                               Correction correction,
                               List<MetricReport> metrics,
                               List<LiftPoint> timeline) {
}
