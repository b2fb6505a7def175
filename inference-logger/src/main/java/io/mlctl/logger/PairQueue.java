package io.mlctl.logger;

import io.mlctl.protocol.Exchange;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between the event loops and the shipper: at most {@code capacity} pairs and
 * {@code maxBytes} of bodies. A full queue drops its OLDEST pairs (counted), never blocks an event loop: newer
 * requests are the ones worth logging, and a control plane that is down must not slow inferences.
 */
final class PairQueue {
    private final int capacity;
    private final long maxBytes;
    private final LoggerMetrics metrics;
    private final ArrayDeque<Exchange> pairs = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;

    PairQueue(int capacity, long maxBytes, LoggerMetrics metrics) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    static long size(Exchange e) {
        return e.requestBody().length + e.responseBody().length + 256L;
    }

    void offer(Exchange pair) {
        long n = size(pair);
        int droppedNow = 0;
        lock.lock();
        try {
            while (!pairs.isEmpty() && (pairs.size() >= capacity || bytes + n > maxBytes)) {
                bytes -= size(pairs.pollFirst());
                droppedNow++;
            }
            pairs.addLast(pair);
            bytes += n;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (droppedNow > 0) {
            metrics.dropped(LoggerMetrics.QUEUE_FULL, droppedNow);
            metrics.requests.labelValues(LoggerMetrics.DROPPED).inc(droppedNow);
        }
    }

    /** The oldest pair, waiting up to {@code timeoutNanos}; null when none came. */
    Exchange poll(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (pairs.isEmpty()) {
                if (left <= 0) {
                    return null;
                }
                left = notEmpty.awaitNanos(left);
            }
            Exchange e = pairs.pollFirst();
            bytes -= size(e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    int depth() {
        lock.lock();
        try {
            return pairs.size();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue; the number of pairs removed. */
    int clear() {
        lock.lock();
        try {
            int n = pairs.size();
            pairs.clear();
            bytes = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

}
