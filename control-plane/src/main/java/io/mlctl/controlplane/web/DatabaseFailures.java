package io.mlctl.controlplane.web;

import io.micronaut.data.connection.exceptions.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;

/** Tells a database outage (answer 503, retry later) from every other failure by looking down the cause chain. */
public final class DatabaseFailures {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailures.class);
    /** An outage is reported at most once per this many milliseconds, with the count of requests it failed. */
    static final long REPORT_EVERY_MS = 30_000;
    private static final AtomicLong FAILED = new AtomicLong();
    private static final AtomicLong LAST_REPORT = new AtomicLong();

    private DatabaseFailures() {
    }

    /**
     * Counts a request answered 503 and logs the outage once at WARN (no stack trace): the first failure, then at
     * most every {@link #REPORT_EVERY_MS} with how many requests failed since the last line.
     */
    static void report(String request, Throwable cause) {
        long failed = FAILED.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = LAST_REPORT.get();
        if (now - last >= REPORT_EVERY_MS && LAST_REPORT.compareAndSet(last, now)) {
            long count = FAILED.getAndSet(0);
            LOG.warn("database unavailable: {} request(s) answered 503 since the last report (latest {}: {})",
                    count == 0 ? failed : count, request, rootMessage(cause));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P0x: PostgreSQL shutting down / cannot connect now; 3D000: database gone
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("3D000")
                        // 57014: statement_timeout cancelled a statement stuck behind a slow or frozen database
                        || state.equals("57014")) {
                    return true;
                }
            }
            if (t instanceof ConnectionException) {
                // Micronaut Data could not get or prepare a connection (pool exhausted, connection dropped)
                return true;
            }
        }
        return false;
    }
}
