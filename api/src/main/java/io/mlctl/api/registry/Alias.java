package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** An alias and the version it points at ({@code uri} is {@code models:/name@alias}). */
@Serdeable
public record Alias(String model, String alias, int version, String uri, Instant updatedAt,
                    @Nullable String updatedBy) {
}
