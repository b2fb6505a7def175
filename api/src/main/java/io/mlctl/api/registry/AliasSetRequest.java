package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * {@code PUT /api/v1/models/{name}/aliases/{alias}} with {@code {"version": 8}}. With {@code expectedVersion} the
 * move is a compare-and-set: it fails with 409 unless the alias currently points there (use 0 for "must not exist
 * yet"), so of two concurrent promotions from the same version exactly one wins.
 */
@Serdeable
// boxed so that a body without "version" is an error naming it, not version 0
public record AliasSetRequest(@NotNull @Positive Integer version, @Nullable Integer expectedVersion) {
}
