package io.mlctl.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.mlctl.api.common.ProblemError;

import java.time.Instant;
import java.util.List;

/**
 * The acknowledgement of {@code POST /api/v1/models/{name}/versions/{version}/labels}. Every accepted label is one of
 * {@code matched} (joined to a prediction and stored, replacing an earlier label of the same request: those are also
 * counted in {@code replaced}), {@code unmatched} (no prediction logged under that request id) or {@code expired}
 * (the prediction is older than the label horizon). A repeated {@code Idempotency-Key} gets the first answer again
 * with {@code duplicate: true} and changes nothing.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelResult(long batchId,
                          String model,
                          int version,
                          String idempotencyKey,
                          boolean duplicate,
                          int accepted,
                          int matched,
                          int replaced,
                          int unmatched,
                          int expired,
                          int rejected,
                          @Nullable List<ProblemError> errors,
                          Instant receivedAt) {

    public LabelResult asDuplicate() {
        return new LabelResult(batchId, model, version, idempotencyKey, true, accepted, matched, replaced, unmatched,
                expired, rejected, errors, receivedAt);
    }
}
