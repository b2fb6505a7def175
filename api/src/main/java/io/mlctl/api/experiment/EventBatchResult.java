package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The answer to an accepted event batch. A batch sent again with the same {@code Idempotency-Key} gets the first
 * answer back with {@code duplicate: true} and changes nothing.
 *
 * @param events       lines in the batch
 * @param exposures    units newly exposed (a unit counts once per arm, however often it is sent)
 * @param metricValues metric events folded into the statistics
 */
@Serdeable
public record EventBatchResult(String idempotencyKey, boolean duplicate, int events, int exposures, int metricValues,
                               Instant acceptedAt) {
}
