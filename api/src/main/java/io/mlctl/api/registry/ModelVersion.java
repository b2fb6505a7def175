package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registered version; {@code uri} is {@code models:/name/N}, {@code aliases} the aliases pointing at it. */
@Serdeable
public record ModelVersion(String model,
                           int version,
                           String uri,
                           String artifactUri,
                           ModelRuntime runtime,
                           @Nullable ServingDefaults serving,
                           @Nullable String schema,
                           Map<String, Double> metrics,
                           @Nullable Lineage lineage,
                           Map<String, String> tags,
                           @Nullable String description,
                           VersionStatus status,
                           List<String> aliases,
                           Instant createdAt,
                           Instant updatedAt,
                           @Nullable String createdBy) {
}
