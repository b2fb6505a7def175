package io.mlctl.registry.schema;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A stored schema version: {@code document} and {@code compatibility} are JSON. */
@MappedEntity("feature_schema")
public record SchemaEntity(@Id @GeneratedValue @Nullable Long id,
                           String name,
                           int version,
                           String document,
                           String source,
                           String format,
                           boolean compatible,
                           String compatibility,
                           Instant createdAt,
                           @Nullable String createdBy) {
}
