package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.db.Jdbc;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.common.Durations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounds the pairing records: those whose sample time is older than {@code --pairing-retention} or the label horizon
 * plus a day (whichever is longer) are deleted, with the label and prediction segments whose predictions are all that
 * old (the quality read ignores a segment's entries older than the retention until then). The day past the horizon lets a late
 * label be told {@code expired} rather than {@code unmatched}. Any replica may prune; deleting twice is harmless.
 */
@Singleton
public class PairingRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PairingRetention.class);

    private final Jdbc jdbc;
    private final Duration retention;
    private final LabelJoins labelJoins;
    private final Clock clock = Clock.systemUTC();

    public PairingRetention(Jdbc jdbc,
                            @Value("${mlctl.ingest.pairing-retention:24h}") String retention,
                            LabelHorizon horizon, LabelJoins labelJoins) {
        this.jdbc = jdbc;
        this.labelJoins = labelJoins;
        Duration labels = horizon.length().plus(Duration.ofDays(1));
        Duration pairing = Durations.parse(retention);
        this.retention = labels.compareTo(pairing) > 0 ? labels : pairing;
    }

    @Scheduled(fixedDelay = "${mlctl.ingest.pairing-prune-interval:1m}", initialDelay = "10s")
    void pruneExpired() {
        try {
            long n = prune(clock.instant());
            if (n > 0) {
                LOG.debug("pruned {} pairing records older than {}", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning pairing records failed, will retry: {}", e.toString());
        }
    }

    /** The oldest sample time kept at {@code now}: older predictions and their labels are (about to be) pruned. */
    public Instant oldestKept(Instant now) {
        return now.minus(retention);
    }

    /** Deletes the records older than the retention at {@code now}, and the segments only they had; answers how many. */
    public long prune(Instant now) {
        // one statement on the sample-time index: run every minute, it deletes about a minute of records
        Instant cutoff = oldestKept(now);
        Pruned pruned = jdbc.write(c -> {
            int segments = SegmentStore.LABELS.deleteOlderThan(c, cutoff)
                    + SegmentStore.PREDICTIONS.deleteOlderThan(c, cutoff);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM prediction_pairing WHERE sample_ts < ?")) {
                ps.setTimestamp(1, Jdbc.ts(cutoff));
                return new Pruned(ps.executeUpdate(), segments);
            }
        });
        if (pruned.segments() > 0) {
            labelJoins.forgetAll(); // loaded again, without the pruned segments, by each version's next batch
        }
        return pruned.records();
    }

    private record Pruned(long records, int segments) {
    }
}
