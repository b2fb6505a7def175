package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** {@code PATCH /api/v1/models/{name}}: absent fields stay as they are; {@code tags} replaces all tags. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelUpdateRequest(@Nullable @Size(max = 4000) String description,
                                 @Nullable @Size(max = 200) String owner,
                                 @Nullable Map<String, String> tags) {
}
