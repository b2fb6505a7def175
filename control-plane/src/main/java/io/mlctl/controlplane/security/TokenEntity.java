package io.mlctl.controlplane.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.mlctl.api.security.Role;
import io.mlctl.api.security.TokenInfo;

import java.time.Instant;

@MappedEntity("api_token")
public record TokenEntity(@Id @GeneratedValue @Nullable Long id,
                          String name,
                          Role role,
                          @Nullable String description,
                          String tokenHash,
                          Instant createdAt,
                          @Nullable String createdBy,
                          @Nullable Instant revokedAt,
                          @Nullable String model) {

    public boolean active() {
        return revokedAt == null;
    }

    public TokenInfo info() {
        return new TokenInfo(id, name, role, description, createdAt, createdBy, revokedAt, model);
    }

    /** How this token appears as the actor in the audit log. */
    public String actor() {
        return name + "#" + id;
    }
}
