package io.mlctl.api.retrain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A model's retrain policy as stored; the webhook secret is never shown, only whether one is set. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainPolicy(String model,
                            @Nullable String webhook,
                            boolean secretSet,
                            @Nullable String on,
                            double minDriftShare,
                            int consecutive,
                            int minLabels,
                            String cooldown,
                            boolean jobTemplateSet,
                            @Nullable String jobNamespace,
                            boolean autoRollout,
                            @Nullable String rolloutNamespace,
                            boolean enabled,
                            Instant updatedAt,
                            @Nullable String updatedBy) {
}
