package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.mlctl.rollout.api.Durations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounds the pairing records: those whose sample time is older than {@code --pairing-retention} are deleted. Any
 * replica may prune; deleting twice is harmless.
 */
@Singleton
public class PairingRetention {
    private static final Logger LOG = LoggerFactory.getLogger(PairingRetention.class);

    private final TransactionOperations<Connection> tx;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    public PairingRetention(TransactionOperations<Connection> tx,
                            @Value("${mlctl.ingest.pairing-retention:24h}") String retention) {
        this.tx = tx;
        this.retention = Durations.parse(retention);
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
        return Sql.write(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM prediction_pairing WHERE sample_ts < ?")) {
                ps.setTimestamp(1, Sql.ts(now.minus(retention)));
                return (long) ps.executeUpdate();
            }
        });
    }
}
