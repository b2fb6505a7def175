package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A stored, immutable schema version: {@code ref} is {@code name@N}; {@code source} the document as uploaded
 * ({@code format} yaml or json); {@code compatibility} the report against the previous version.
 */
@Serdeable
public record SchemaVersion(String name,
                            int version,
                            String ref,
                            FeatureSchema schema,
                            String format,
                            String source,
                            CompatibilityReport compatibility,
                            Instant createdAt,
                            @Nullable String createdBy) {
}
