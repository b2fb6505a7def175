package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.SampleRow;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one worker off the hot path: takes pairs from the queue, decodes them with the version's schema, and sends the
 * rows in NDJSON batches ({@code batchSize} rows, or whatever is there after {@code flushInterval}). While a batch is
 * being retried nothing else is sent: the queue keeps filling and, once full, loses its oldest pairs, which is the
 * memory bound of an outage.
 *
 * <p>Every batch has an Idempotency-Key of this process's random id and the batch's sequence number, the same on
 * every retry of the batch: a batch whose acknowledgement was lost is stored once however often it is re-sent, and
 * no two batches (even of two runs of the logger) share a key.
 */
final class Shipper extends SampleShipper {
    private static final ObjectMapper JSON = ControlPlaneClient.JSON; // strict: one value, no coercion

    private final PairQueue queue;
    private final ControlPlaneClient client;
    private final LoggerMetrics metrics;
    private final int batchSize;
    private final long flushNanos;
    private final RetryPolicy<HttpResponse<String>> retry;
    private final String keyPrefix = UUID.randomUUID().toString();
    private final NdjsonBatch batch = new NdjsonBatch();
    private final RateLimitedLog log = new RateLimitedLog();
    private volatile String lastSend = "nothing sent yet";
    private volatile Instant lastSendAt;
    private long sequence;
    private long batchStartNanos;

    Shipper(PairQueue queue, ControlPlaneClient client, LoggerMetrics metrics, int batchSize, Duration flushInterval,
            Duration maxRetry, CpuBudget budget) {
        super(budget);
        this.queue = queue;
        this.client = client;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.retry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> retryable(r.statusCode()))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .withJitter(0.25)
                .withMaxRetries(-1)
                .withMaxDuration(maxRetry)
                .onRetry(e -> {
                    String why = e.getLastException() != null ? ControlPlaneClient.describe(e.getLastException())
                            : e.getLastResult().statusCode() + " " + ControlPlaneClient.detail(e.getLastResult().body());
                    lastSend = "retrying (attempt " + e.getAttemptCount() + "): " + why;
                    log.print("retry", "mlctl logger: sending a batch failed, retrying with backoff: " + why);
                })
                .build();
    }

    /** 408, 429 and 5xx may pass on a retry; any other 4xx will not. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    String lastSend() {
        return lastSend;
    }

    Instant lastSendAt() {
        return lastSendAt;
    }

    @Override
    public void run() {
        try {
            while (true) {
                ExchangeDecoder d = decoderUnlessStopped();
                if (d == null) {
                    return; // no schema: nothing could be decoded
                }
                long wait = batch.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(200)
                        : Math.max(0, batchStartNanos + flushNanos - System.nanoTime());
                Exchange pair = queue.poll(stopping() ? 0 : wait);
                if (pair != null) {
                    decode(d, pair);
                }
                boolean due = !batch.isEmpty() && (batch.size() >= batchSize
                        || System.nanoTime() - batchStartNanos >= flushNanos || (stopping() && pair == null));
                if (due) {
                    send();
                }
                if (stopping() && pair == null && batch.isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // shutdown ran out of time: what is not sent is lost, and counted
            metrics.dropped(LoggerMetrics.SHUTDOWN, batch.size());
            batch.clear();
            Thread.currentThread().interrupt();
        }
    }

    private void decode(ExchangeDecoder d, Exchange pair) {
        List<SampleRow> rows = decodeCounted(d, pair, metrics, log);
        if (rows.isEmpty()) {
            return;
        }
        if (batch.isEmpty()) {
            batchStartNanos = System.nanoTime();
        }
        batch.addAll(rows);
    }

    private void send() throws InterruptedException {
        byte[] body = batch.bytes();
        int rows = batch.size();
        batch.clear();
        String key = keyPrefix + "-" + (++sequence);
        HttpResponse<String> r;
        try {
            r = Failsafe.with(retry).get(() -> client.postSamples(key, body));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException ie) {
                metrics.dropped(LoggerMetrics.SHUTDOWN, rows);
                throw ie;
            }
            failed(rows, "gave up after retrying: " + ControlPlaneClient.describe(e.getCause() == null ? e : e.getCause()));
            return;
        }
        lastSendAt = Instant.now();
        if (r.statusCode() == 200) {
            long accepted = rows;
            long rejected = 0;
            try {
                JsonNode ack = JSON.readTree(r.body());
                // integers only: asLong would take "12" or 1.9 (the answer is read as strictly as the server reads)
                accepted = ack.path("accepted").isIntegralNumber() ? ack.path("accepted").asLong() : rows;
                rejected = ack.path("rejected").isIntegralNumber() ? ack.path("rejected").asLong() : 0;
            } catch (IOException notJson) {
                // stored (200) but unreadable: count the batch as sent
            }
            metrics.sent.inc(accepted);
            metrics.dropped(LoggerMetrics.REJECTED, rejected);
            lastSend = "ok: " + accepted + " rows accepted" + (rejected > 0 ? ", " + rejected + " rejected" : "");
            if (rejected > 0) {
                log.print("rejected", "mlctl logger: the control plane rejected " + rejected + " of " + rows
                        + " rows: " + ControlPlaneClient.detail(r.body()) + firstError(r.body()));
            }
        } else if (retryable(r.statusCode())) {
            failed(rows, "gave up after retrying: " + r.statusCode() + " " + ControlPlaneClient.detail(r.body()));
        } else {
            metrics.dropped(LoggerMetrics.REJECTED, rows);
            lastSend = "rejected: " + r.statusCode() + " " + ControlPlaneClient.detail(r.body());
            log.print("rejected", "mlctl logger: a batch of " + rows + " rows was refused: " + r.statusCode() + " "
                    + ControlPlaneClient.detail(r.body()));
        }
    }

    private void failed(int rows, String why) {
        metrics.dropped(LoggerMetrics.SEND_FAILED, rows);
        lastSendAt = Instant.now();
        lastSend = why;
        log.print("send_failed", "mlctl logger: " + rows + " rows lost, " + why);
    }

    private static String firstError(String body) {
        try {
            JsonNode e = JSON.readTree(body).path("errors").path(0);
            return e.isMissingNode() ? "" : " (first: line " + e.path("line").asText() + ", "
                    + e.path("field").asText() + ": " + e.path("reason").asText() + ")";
        } catch (IOException notJson) {
            return "";
        }
    }

    /** Prints a kind of message at most once every 10 s, saying how many were held back. */
    static final class RateLimitedLog {
        private final Map<String, long[]> last = new java.util.HashMap<>();

        synchronized void print(String kind, String line) {
            long now = System.nanoTime();
            long[] state = last.computeIfAbsent(kind, k -> new long[] {now - TimeUnit.SECONDS.toNanos(11), 0});
            if (now - state[0] >= TimeUnit.SECONDS.toNanos(10)) {
                System.err.println(line + (state[1] > 0 ? " (" + state[1] + " more like it in the last 10 s)" : ""));
                state[0] = now;
                state[1] = 0;
            } else {
                state[1]++;
            }
        }
    }
}
