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
 * @param pairs         requests both versions logged with the same {@code request_id} in the period (their
 *                      predictions are paired)
 * @param agreement     share of the pairs whose predictions agree: equal categories or booleans, numbers in the same
 *                      bin of the baseline's reference profile; null when there are no pairs
 * @param agreementNote what {@code agreement} covers, or why it is null
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
                                   long pairs,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Double agreement,
                                   String agreementNote,
                                   String verdict) {
}
