package io.mlctl.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.mlctl.api.common.ProblemError;

import java.time.Instant;
import java.util.List;

/**
 * The acknowledgement of {@code POST /api/v1/models/{name}/versions/{version}/samples}: the batch is stored durably
 * when this is answered. A repeated {@code Idempotency-Key} gets the first acknowledgement again with
 * {@code duplicate: true}, and its rows are not counted a second time.
 *
 * @param errors rejected rows (at most 100 listed; {@code rejected} counts all), only with {@code ?partial=true}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResult(long batchId,
                           String model,
                           int version,
                           String idempotencyKey,
                           boolean duplicate,
                           int accepted,
                           int rejected,
                           List<WindowRows> windows,
                           @Nullable List<ProblemError> errors,
                           Instant receivedAt) {

    public IngestResult asDuplicate() {
        return new IngestResult(batchId, model, version, idempotencyKey, true, accepted, rejected, windows, errors,
                receivedAt);
    }

    /** How many of the batch's rows went into one window. */
    @Serdeable
    public record WindowRows(Instant start, Instant end, int rows) {
    }
}
