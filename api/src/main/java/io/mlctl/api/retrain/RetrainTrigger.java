package io.mlctl.api.retrain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * One retrain trigger and its delivery. {@code status}: PENDING (waiting for delivery), DELIVERING, DELIVERED (the
 * webhook answered 2xx and/or the Job was created), FAILED (every retry failed; {@code lastError} says why),
 * COMPLETED (a version was registered with {@code lineage.triggeredBy} = {@code triggeredBy}).
 *
 * @param reason   {@code drift}, {@code rollback} or {@code manual}
 * @param evidence what fired it: for drift the report, window, condition and the features that met it
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainTrigger(long id,
                             String model,
                             int version,
                             String reason,
                             String status,
                             String triggeredBy,
                             @Nullable Long reportId,
                             Map<String, Object> evidence,
                             int attempts,
                             @Nullable String lastError,
                             Instant createdAt,
                             @Nullable String createdBy,
                             @Nullable Instant deliveredAt,
                             @Nullable String jobName,
                             @Nullable Integer completedVersion,
                             @Nullable Instant completedAt,
                             @Nullable String rollout) {
}
