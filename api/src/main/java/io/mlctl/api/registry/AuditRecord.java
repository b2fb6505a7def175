package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One audit-log entry ({@code GET /api/v1/audit}): who ({@code actor}: token name and id), what ({@code action}
 * such as {@code model.create}, on {@code target} such as {@code models/fraud/versions/7}), when, and the object
 * before and after the change (JSON, absent for creations and deletions respectively).
 */
@Serdeable
public record AuditRecord(long id, Instant at, String actor, String action, String target,
                          @Nullable Object before, @Nullable Object after) {
}
