package io.mlctl.controlplane.window;

import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/** A drift window's length: the configured window, or its hour and day roll-ups. */
public enum Granularity {
    WINDOW, HOUR, DAY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Granularity of(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** What this granularity's closed windows roll up into (null for days). */
    @Nullable
    public Granularity parent() {
        return switch (this) {
            case WINDOW -> HOUR;
            case HOUR -> DAY;
            case DAY -> null;
        };
    }

    @Nullable
    public Granularity child() {
        return switch (this) {
            case WINDOW -> null;
            case HOUR -> WINDOW;
            case DAY -> HOUR;
        };
    }
}
