package io.mlctl.controlplane.window;

import io.micronaut.context.annotation.Value;
import io.mlctl.api.common.Durations;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tumbling windows by sample timestamp: window k covers [k·L, (k+1)·L) from the epoch, so every process agrees on
 * the boundaries. A window closes {@code grace} after its end; rows for a window past that are late. Windows roll up
 * into hours and days (L divides an hour, checked at start).
 */
@Singleton
public class Windowing {
    /** How far ahead of the server's clock a sample timestamp may be (client clocks drift). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final Duration length;
    private final Duration grace;

    public Windowing(@Value("${mlctl.drift.window:5m}") String window, @Value("${mlctl.drift.grace:}") String grace) {
        this.length = parse("mlctl.drift.window", window);
        if (length.toMillis() < 1000 || Duration.ofHours(1).toMillis() % length.toMillis() != 0) {
            throw new IllegalArgumentException("the drift window must be at least 1s and divide an hour evenly "
                    + "(e.g. 10s, 1m, 5m, 15m, 1h): " + window);
        }
        this.grace = grace == null || grace.isBlank() ? defaultGrace(length) : parse("mlctl.drift.grace", grace);
        if (this.grace.isNegative()) {
            throw new IllegalArgumentException("the drift grace period cannot be negative: " + grace);
        }
    }

    /** Half the window, at most one minute: late rows are waited for without delaying reports much. */
    public static Duration defaultGrace(Duration window) {
        Duration half = window.dividedBy(2);
        return half.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : half;
    }

    private static Duration parse(String property, String text) {
        try {
            return Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    public Duration length() {
        return length;
    }

    public Duration grace() {
        return grace;
    }

    /** Start (epoch millis) of the window holding {@code ts}. */
    public long windowStart(Instant ts) {
        return windowStart(ts.toEpochMilli());
    }

    /** Start (epoch millis) of the window holding the epoch millis {@code ts} (segments store times so). */
    public long windowStart(long ts) {
        long l = length.toMillis();
        return Math.floorDiv(ts, l) * l;
    }

    /** Whether rows of the window starting at {@code start} arrive after its close. */
    public boolean late(long start, Instant now) {
        return closeAt(Granularity.WINDOW, Instant.ofEpochMilli(start)).isBefore(now);
    }

    public Instant end(Granularity g, Instant start) {
        return switch (g) {
            case WINDOW -> start.plus(length);
            case HOUR -> start.plus(1, ChronoUnit.HOURS);
            case DAY -> start.plus(1, ChronoUnit.DAYS);
        };
    }

    /** When a window may close: its end plus the grace period (roll-ups also wait for their last child). */
    public Instant closeAt(Granularity g, Instant start) {
        return end(g, start).plus(grace);
    }

    /** Start of the roll-up (hour or day) a window of granularity {@code g} folds into. */
    public static Instant parentStart(Granularity parent, Instant start) {
        return start.truncatedTo(parent == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS);
    }

    /** What windows of granularity {@code g} roll up into: windows into hours (unless they are an hour long), hours into days. */
    public Granularity parentOf(Granularity g) {
        if (g == Granularity.WINDOW) {
            return length.toHours() >= 1 ? Granularity.DAY : Granularity.HOUR;
        }
        return g.parent();
    }

    /** The granularity whose windows roll up into {@code g} (null for the configured windows). */
    public Granularity childOf(Granularity g) {
        for (Granularity x : Granularity.values()) {
            if (parentOf(x) == g) {
                return x;
            }
        }
        return null;
    }

    public String describe() {
        return Durations.format(length) + " windows, " + Durations.format(grace) + " grace";
    }
}
