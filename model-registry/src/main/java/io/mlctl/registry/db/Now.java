package io.mlctl.registry.db;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps at the precision both databases store (microseconds), so what is saved reads back equal. */
public final class Now {
    private Now() {
    }

    public static Instant micros() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
