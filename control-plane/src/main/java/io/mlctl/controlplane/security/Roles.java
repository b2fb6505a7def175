package io.mlctl.controlplane.security;

import io.mlctl.api.security.Role;

/**
 * Role names for {@code @Secured}. A token's authentication carries its role and every lower one (an admin token
 * has viewer, editor and admin), so {@code @Secured(Roles.EDITOR)} admits editors and admins.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    static {
        // the constants must spell the shared enum
        for (Role r : Role.values()) {
            if (!java.util.List.of(VIEWER, EDITOR, ADMIN).contains(r.name())) {
                throw new IllegalStateException("Roles out of sync with " + r);
            }
        }
    }

    private Roles() {
    }
}
