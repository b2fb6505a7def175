package io.mlctl.controlplane.security;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.PageableRepository;
import io.mlctl.api.security.Role;

import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TokenRepository extends PageableRepository<TokenEntity, Long> {

    Optional<TokenEntity> findByTokenHash(String tokenHash);

    long countByRoleAndRevokedAtIsNull(Role role);

    void updateRevokedAt(@Id Long id, Instant revokedAt);
}
