package io.mlctl.api.retrain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.util.Map;

/**
 * {@code POST /api/v1/models/{name}/retrain/triggers}: a trigger asked for by a person ({@code manual}) or by the
 * operator after a rollback ({@code rollback}). A repeat for the same version and reason within the policy's
 * cooldown answers the existing trigger.
 */
@Serdeable
public record RetrainTriggerRequest(@NotNull @Positive Integer version,
                                    @NotNull @Pattern(regexp = "manual|rollback|drift",
                                            message = "must be manual, rollback or drift") String reason,
                                    @Nullable Map<String, Object> evidence) {
}
