package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * {@code POST /api/v1/models/{name}/versions}; the server assigns the version number. {@code schema} is
 * {@code name@N}, or {@code name} for its newest version (stored as the resolved {@code name@N}).
 */
@Serdeable
public record VersionCreateRequest(@NotBlank @Size(max = 2000) String artifactUri,
                                   @NotNull ModelRuntime runtime,
                                   @Nullable @Valid ServingDefaults serving,
                                   @Nullable @Size(max = 80) String schema,
                                   @Nullable Map<String, Double> metrics,
                                   @Nullable @Valid Lineage lineage,
                                   @Nullable Map<String, String> tags,
                                   @Nullable @Size(max = 4000) String description,
                                   @Nullable VersionStatus status) {
}
