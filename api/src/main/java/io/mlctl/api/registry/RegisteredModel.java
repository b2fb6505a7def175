package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/** A registered model; {@code aliases} maps each alias to its version. */
@Serdeable
public record RegisteredModel(String name,
                              @Nullable String description,
                              @Nullable String owner,
                              Map<String, String> tags,
                              @Nullable Integer latestVersion,
                              Map<String, Integer> aliases,
                              Instant createdAt,
                              Instant updatedAt,
                              @Nullable String createdBy) {
}
