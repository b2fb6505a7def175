package io.mlctl.api.security;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Token roles, lowest first; a higher role includes the lower ones. Lower-case so the JSON value, the CLI option
 * value and the role name checked by the server are the same word.
 */
@Serdeable
public enum Role {
    viewer, editor, admin;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
