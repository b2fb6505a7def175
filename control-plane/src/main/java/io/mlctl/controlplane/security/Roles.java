package io.mlctl.controlplane.security;

import io.mlctl.api.security.Role;

/**
 * Role names for {@code @Secured}. A token's authentication carries its role and every one it includes (an admin token
 * has viewer, editor, admin and ingest; an ingest token only ingest), so {@code @Secured(Roles.EDITOR)} admits editors
 * and admins, and {@code @Secured(Roles.INGEST)} admits ingest tokens, editors and admins.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";
    /** Write-only data senders (samples, CloudEvents); editors and admins have it too. */
    public static final String INGEST = "ingest";

    static {
        // the constants must spell the shared enum
        for (Role r : Role.values()) {
            if (!java.util.List.of(VIEWER, EDITOR, ADMIN, INGEST).contains(r.name())) {
                throw new IllegalStateException("Roles out of sync with " + r);
            }
        }
    }

    private Roles() {
    }
}
