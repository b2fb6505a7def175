package io.mlctl.controlplane.window;

import java.time.Instant;

/** A window row locked by the closer ({@link WindowStore#lockDue}). */
public record ClosingWindow(long id, String model, int version, Granularity granularity, Instant start, Instant end,
                            long referenceId, long rows) {
}
