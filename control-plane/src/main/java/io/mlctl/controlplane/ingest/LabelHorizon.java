package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Value;
import io.mlctl.api.common.Durations;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/** {@code --label-horizon}: how long after a prediction (its sample time) a label for it is still joined. */
@Singleton
public class LabelHorizon {
    private final Duration length;

    public LabelHorizon(@Value("${mlctl.quality.label-horizon:7d}") String horizon) {
        this.length = Durations.parse(horizon.trim());
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("mlctl.quality.label-horizon must be positive: " + horizon);
        }
    }

    public Duration length() {
        return length;
    }

    /** Whether a label arriving at {@code now} for a prediction made at {@code predictionTs} is too late. */
    public boolean expired(Instant predictionTs, Instant now) {
        return predictionTs.plus(length).isBefore(now);
    }
}
