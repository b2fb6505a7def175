package io.mlctl.api.security;

import io.micronaut.serde.annotation.Serdeable;

/** The answer to {@code POST /api/v1/tokens}: the only time the secret is shown. */
@Serdeable
public record CreatedToken(String token, TokenInfo info) {
}
