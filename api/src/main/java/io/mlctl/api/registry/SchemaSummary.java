package io.mlctl.api.registry;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A schema name in {@code GET /api/v1/schemas}: its newest version and when that was pushed. */
@Serdeable
public record SchemaSummary(String name, int latestVersion, String latestRef, int featureCount,
                            boolean latestCompatible, Instant updatedAt) {
}
