package io.mlctl.controlplane.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

/** The audit log's "who" for a request: the token's name and id ({@code ci#3}). */
public final class Actors {
    public static final String SYSTEM = "system";

    private Actors() {
    }

    public static String of(@Nullable Authentication authentication) {
        return authentication == null ? "anonymous" : authentication.getName();
    }
}
