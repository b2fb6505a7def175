package io.mlctl.logger;

import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.SampleRow;
import io.mlctl.protocol.UndecodableException;

import java.time.Instant;
import java.util.List;

/**
 * Where the decoded rows go (the seam {@code --sink} chooses): the control plane's samples endpoint
 * ({@link Shipper}) or a Kafka topic ({@link KafkaShipper}). Either one runs on its own thread off the hot path,
 * taking pairs from the {@link PairQueue}.
 */
abstract class SampleShipper implements Runnable {
    private final Object decoderLock = new Object();
    private final CpuBudget budget;
    private volatile ExchangeDecoder decoder;
    private volatile boolean stopping;

    SampleShipper(CpuBudget budget) {
        this.budget = budget;
    }

    /** Hands over the decoder once the version's schema is loaded; until then pairs wait in the queue. */
    final void decoder(ExchangeDecoder d) {
        synchronized (decoderLock) {
            decoder = d;
            decoderLock.notifyAll();
        }
    }

    /** The decoder once the schema is loaded, else null. */
    final ExchangeDecoder decoder() {
        return decoder;
    }

    /** Send what is queued now, then stop. */
    void stop() {
        stopping = true;
        synchronized (decoderLock) {
            decoderLock.notifyAll();
        }
    }

    final boolean stopping() {
        return stopping;
    }

    /**
     * The head of each turn of the shipper's loop: the decoder, once the schema is loaded (measuring this thread's CPU
     * for the {@link CpuBudget} at least every 500 ms meanwhile), or null when the logger stops before it ever was
     * (nothing could be decoded: the loop ends).
     */
    final ExchangeDecoder decoderUnlessStopped() throws InterruptedException {
        while (true) {
            ExchangeDecoder d = awaitDecoder();
            if (d != null || stopping()) {
                return d;
            }
        }
    }

    /** Measures the CPU budget, then the decoder, or null after waiting up to 500 ms for the schema. */
    private ExchangeDecoder awaitDecoder() throws InterruptedException {
        String warn = budget.update();
        if (warn != null) {
            System.err.println(warn);
        }
        ExchangeDecoder d = decoder;
        if (d == null) {
            synchronized (decoderLock) {
                if (decoder == null && !stopping) {
                    decoderLock.wait(500);
                }
            }
        }
        return d;
    }

    /**
     * The pair's rows, its request counted by outcome (logged, no rows, undecodable). A body the decoder cannot read
     * (or a decoder bug) costs this pair only: it is counted, logged at a limited rate, and gives no rows.
     */
    static List<SampleRow> decodeCounted(ExchangeDecoder d, Exchange pair, LoggerMetrics metrics,
                                         Shipper.RateLimitedLog log) {
        List<SampleRow> rows;
        try {
            rows = d.decode(pair);
        } catch (UndecodableException | RuntimeException e) {
            metrics.request(LoggerMetrics.UNDECODABLE);
            metrics.dropped(LoggerMetrics.UNDECODABLE, 1);
            log.print("undecodable", "mlctl logger: request " + pair.requestId() + " to " + pair.path()
                    + " cannot be decoded: " + e.getMessage());
            return List.of();
        }
        metrics.request(rows.isEmpty() ? LoggerMetrics.NO_ROWS : LoggerMetrics.LOGGED);
        return rows;
    }

    /** The last send's outcome in words, for /health. */
    abstract String lastSend();

    /** When the last send ended, or null before the first. */
    abstract Instant lastSendAt();
}
