package io.mlctl.registry.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One row of the audit log; {@code before}/{@code after} are JSON documents of the changed object. */
@MappedEntity("audit_log")
public record AuditEntry(@Id @GeneratedValue @Nullable Long id,
                         Instant occurredAt,
                         String actor,
                         String action,
                         String target,
                         @Nullable String beforeState,
                         @Nullable String afterState) {
}
