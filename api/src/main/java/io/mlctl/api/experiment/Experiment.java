package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** An experiment as stored, with the defaults filled in and the units it needs and has seen per arm. */
@Serdeable
public record Experiment(String id,
                         String model,
                         @Nullable String description,
                         List<ArmSpec> arms,
                         List<MetricSpec> metrics,
                         double alpha,
                         double power,
                         String salt,
                         @Nullable String maxDuration,
                         long nStar,
                         Correction correction,
                         ExperimentStatus status,
                         Instant createdAt,
                         @Nullable String createdBy,
                         @Nullable Instant stoppedAt,
                         @Nullable String stopReason,
                         Samples samples) {
}
