package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * {@code PATCH /api/v1/models/{name}/versions/{version}}: absent fields stay as they are; {@code tags} replaces all
 * tags; {@code metrics} are merged (a key set to a new value is overwritten). Artifact, runtime, schema and lineage
 * are immutable: register a new version instead.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record VersionUpdateRequest(@Nullable @Size(max = 4000) String description,
                                   @Nullable Map<String, String> tags,
                                   @Nullable VersionStatus status,
                                   @Nullable Map<String, Double> metrics) {
}
