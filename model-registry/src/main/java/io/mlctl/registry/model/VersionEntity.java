package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.VersionStatus;

import java.time.Instant;

/** A row of {@code model_version}; {@code metrics} is a JSON object of name to value. */
@MappedEntity("model_version")
public record VersionEntity(@Id @GeneratedValue @Nullable Long id,
                            long modelId,
                            int version,
                            String artifactUri,
                            ModelRuntime runtime,
                            @Nullable String servingImage,
                            @Nullable Integer servingPort,
                            @Nullable Integer gpuCount,
                            @Nullable String gpuProduct,
                            @Nullable String schemaName,
                            @Nullable Integer schemaVersion,
                            String metrics,
                            @Nullable String runId,
                            @Nullable String datasetUri,
                            @Nullable String gitCommit,
                            @Nullable Integer parentVersion,
                            @Nullable String triggeredBy,
                            @Nullable String description,
                            VersionStatus status,
                            Instant createdAt,
                            Instant updatedAt,
                            @Nullable String createdBy,
                            @Nullable String runLink) {
}
