package io.mlctl.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/tokens}.
 *
 * @param model for role {@code ingest} only: the one model the token may send data for (null: every model)
 */
@Serdeable
public record TokenCreateRequest(@NotBlank @Size(max = 100) String name,
                                 @NotNull Role role,
                                 @Nullable @Size(max = 1000) String description,
                                 @Nullable String model) {
}
