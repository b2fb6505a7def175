package io.mlctl.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A token as listed: never the secret itself (only its hash is stored).
 *
 * @param model the one model an ingest token is limited to; absent for every other token and an unscoped one
 */
@Serdeable
public record TokenInfo(long id, String name, Role role, @Nullable String description, Instant createdAt,
                        @Nullable String createdBy, @Nullable Instant revokedAt, @Nullable String model) {
}
