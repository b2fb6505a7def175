package io.mlctl.api.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * {@code GET /api/v1/models/{name}/drift/compare?baseline=B&candidate=C}: the candidate's predictions against the
 * baseline's over the same recent period (shadow rollouts). The baseline plays the reference: PSI over its bins,
 * KL of baseline from candidate, two-sample KS. Statistics are null when either side has no predictions.
 *
 * @param agreement     share of requests where both versions predicted the same; null: samples are profiled, not
 *                      stored row by row, so requests cannot be paired (see {@code agreementNote})
 * @param verdict       {@code ok}, {@code warn}, {@code drift} or {@code no_data} for the prediction
 */
@Serdeable
public record PredictionComparison(String model,
                                   int baseline,
                                   int candidate,
                                   Instant from,
                                   Instant to,
                                   long baselineSamples,
                                   long candidateSamples,
                                   @Nullable Double psi,
                                   @Nullable Double kl,
                                   @Nullable Double ksStatistic,
                                   @Nullable Double ksPValue,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Double agreement,
                                   String agreementNote,
                                   String verdict) {
}
