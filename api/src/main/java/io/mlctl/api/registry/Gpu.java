package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** GPUs per replica: {@code count} becomes {@code nvidia.com/gpu}, {@code product} a node selector. */
@Serdeable
public record Gpu(@NotNull @PositiveOrZero @Max(64) Integer count, @Nullable @Size(max = 200) String product) {
}
