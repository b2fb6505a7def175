package io.mlctl.api.security;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Token roles. {@code viewer < editor < admin}: a higher one includes the lower ones. {@code ingest} stands beside
 * them: write-only (samples, CloudEvents, labels; nothing readable), meant for senders whose secret may end up in a
 * URL or a sidecar's environment. Editors and admins include it, an ingest token includes nothing else.
 * Lower-case so the JSON value, the CLI option value and the role name checked by the server are the same word.
 */
@Serdeable
public enum Role {
    viewer, editor, admin, ingest;

    public boolean includes(Role other) {
        if (this == ingest || other == ingest) {
            return this == other || (other == ingest && this != viewer);
        }
        return compareTo(other) >= 0;
    }
}
