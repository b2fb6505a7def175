package io.mlctl.controlplane.experiment.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code experiment}; {@code arms} and {@code metrics} are JSON arrays of the api records. */
@MappedEntity("experiment")
public record ExperimentEntity(@Id String id,
                               String model,
                               @Nullable String description,
                               String arms,
                               String metrics,
                               double alpha,
                               double power,
                               String salt,
                               @Nullable String maxDuration,
                               @Nullable Long maxDurationSeconds,
                               long nStar,
                               String correction,
                               String status,
                               Instant createdAt,
                               @Nullable String createdBy,
                               @Nullable Instant stoppedAt,
                               @Nullable String stopReason) {

    public ExperimentEntity withArms(String json) {
        return new ExperimentEntity(id, model, description, json, metrics, alpha, power, salt, maxDuration,
                maxDurationSeconds, nStar, correction, status, createdAt, createdBy, stoppedAt, stopReason);
    }

    public ExperimentEntity stopped(Instant at, String reason) {
        return new ExperimentEntity(id, model, description, arms, metrics, alpha, power, salt, maxDuration,
                maxDurationSeconds, nStar, correction, "stopped", createdAt, createdBy, at, reason);
    }
}
