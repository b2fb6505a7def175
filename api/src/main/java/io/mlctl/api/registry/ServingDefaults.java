package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** How to serve a version unless a rollout says otherwise: container image, port, GPUs. */
@Serdeable
public record ServingDefaults(@Nullable @Size(max = 500) String image,
                              @Nullable @Min(1) @Max(65535) Integer port,
                              @Nullable @Valid Gpu gpu) {
}
