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
 * plus a day (whichever is longer) are deleted, with the labels joined to them. The day past the horizon lets a late
 * label be told {@code expired} rather than {@code unmatched}. Any replica may prune; deleting twice is harmless.
 */
@Singleton
public class PairingRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PairingRetention.class);

    private final Jdbc jdbc;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    public PairingRetention(Jdbc jdbc,
                            @Value("${mlctl.ingest.pairing-retention:24h}") String retention,
                            LabelHorizon horizon) {
        this.jdbc = jdbc;
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

    /** Deletes the records older than the retention at {@code now}; answers how many. */
    public long prune(Instant now) {
        // one statement on the sample-time index: run every minute, it deletes about a minute of records
        return jdbc.write(c -> {
            // a label lives on its prediction's row (V2_9), so it goes with it
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM prediction_pairing WHERE sample_ts < ?")) {
                ps.setTimestamp(1, Jdbc.ts(now.minus(retention)));
                return (long) ps.executeUpdate();
            }
        });
    }
}
