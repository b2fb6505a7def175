package io.mlctl.controlplane.web;

import io.mlctl.api.common.Limits;

/** Helpers for error details. */
public final class Problems {
    private Problems() {
    }

    /** At most {@link Limits#ECHO_PREFIX} characters of a rejected value, so an error never repeats a huge input. */
    public static String prefix(String value) {
        return Limits.echo(value);
    }
}
