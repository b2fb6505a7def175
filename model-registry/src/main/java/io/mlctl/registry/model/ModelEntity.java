package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("registered_model")
public record ModelEntity(@Id @GeneratedValue @Nullable Long id,
                          String name,
                          @Nullable String description,
                          @Nullable String owner,
                          Instant createdAt,
                          Instant updatedAt,
                          @Nullable String createdBy) {
}
