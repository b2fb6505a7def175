package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** {@code POST /api/v1/models}. */
@Serdeable
public record ModelCreateRequest(
        @NotNull @Size(max = Names.MAX_NAME)
        @Pattern(regexp = Names.DNS_LABEL, message = "must be a lowercase DNS label ([a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63)")
        String name,
        @Nullable @Size(max = 4000) String description,
        @Nullable @Size(max = 200) String owner,
        @Nullable Map<String, String> tags) {
}
