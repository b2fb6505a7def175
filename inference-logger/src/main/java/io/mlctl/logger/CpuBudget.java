package io.mlctl.logger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The CPU budget of the logger's background work (decode, batch, ship): logging is best-effort, inference is not.
 *
 * <p>The shipper thread calls {@link #update()} from its loop; at the end of every window (1 s) the budget compares
 * the CPU time the shipper thread used in that window with {@code budget} (a fraction of one core) and sets the share
 * of sampled requests admitted for the next window, multiplicatively: {@code share * budget / used}, at most doubling
 * per window and never below {@link #MIN_SHARE}. The event loops read that share (one volatile read) when a request
 * starts, so a request shed by the budget is decided before any byte of its body is copied: it costs the event loop
 * nothing beyond the forward.
 *
 * <p>Which requests are admitted is decided from the request id's hash, like sampling ({@link ProxyHandler}): a
 * request is logged when its id's unit value is below {@code sampleRate * share}. Without shedding this is exactly the sampling decision, so the
 * two loggers of a shadow log the same requests; while shedding, the logger with the smaller share logs a subset of
 * what the other logs, so the pairs that can still be matched are as many as the smaller logger keeps.
 *
 * <p>Thread-safety: {@link #update()} is called by one thread (the shipper); {@link #share()} and
 * {@link #shed()} by any (the event loops).
 */
final class CpuBudget {
    /** The smallest admitted share: a trickle of samples goes on, so the window of the drift monitor never runs dry. */
    static final double MIN_SHARE = 0.01;
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a WARN line says how many pairs were shed (one line per window would flood a sidecar's log). */
    static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final double budget;
    private final LongSupplier clock;
    private final LongSupplier cpu;
    private final LongAdder shedNow = new LongAdder();
    private volatile double share = 1.0;
    private volatile double used;
    private volatile long shedTotal;
    private boolean started;
    private long windowStart;
    private long cpuAtStart;
    private long reportStart;
    private long shedSinceReport;

    /**
     * @param budget fraction of one core the shipper thread may use (0..1]; 1 or more never sheds: the shipper is one
     *               thread
     * @param clock  monotonic nanoseconds ({@code System::nanoTime})
     * @param cpu    CPU nanoseconds the thread calling {@link #update()} (the shipper) has used so far
     */
    CpuBudget(double budget, LongSupplier clock, LongSupplier cpu) {
        this.budget = budget;
        this.clock = clock;
        this.cpu = cpu;
    }

    /**
     * A budget measuring the thread that calls {@link #update()} with the JVM's ThreadMXBean, or one that never sheds
     * when the JVM cannot measure thread CPU time.
     */
    static CpuBudget ofUpdatingThread(double budget) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return new CpuBudget(1.0, System::nanoTime, () -> 0);
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return new CpuBudget(budget, System::nanoTime, threads::getCurrentThreadCpuTime);
    }

    boolean enabled() {
        return budget < 1.0;
    }

    /** Share of sampled requests admitted now, (0, 1]: the event loops' one volatile read per request. */
    double share() {
        return share;
    }

    /** CPU the shipper used in the last window, as a fraction of one core. */
    double used() {
        return used;
    }

    /** Pairs shed by the budget since the start. */
    long shedTotal() {
        return shedTotal + shedNow.sum();
    }

    /** A sampled request the budget did not admit (an event loop, before any copy). */
    void shed() {
        shedNow.increment();
    }

    /**
     * Closes the window when it is over: measures, sets the share of the next one. Returns a WARN line to print when
     * pairs were shed and the report interval is over, else null.
     */
    String update() {
        if (!enabled()) {
            return null;
        }
        long now = clock.getAsLong();
        if (!started) {
            // the first call, on the shipper thread: its CPU time is counted from here
            started = true;
            windowStart = now;
            reportStart = now;
            cpuAtStart = cpu.getAsLong();
            return null;
        }
        long elapsed = now - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return null;
        }
        long cpuNow = cpu.getAsLong();
        double u = (cpuNow - cpuAtStart) / (double) elapsed;
        windowStart = now;
        cpuAtStart = cpuNow;
        used = u;
        double s = share;
        double factor = u <= 0 ? 2.0 : Math.min(2.0, budget / u);
        share = Math.max(MIN_SHARE, Math.min(1.0, s * factor));
        long shed = shedNow.sumThenReset();
        shedTotal += shed;
        shedSinceReport += shed;
        if (now - reportStart < REPORT_NANOS) {
            return null;
        }
        long seconds = Math.round((now - reportStart) / 1e9);
        reportStart = now;
        if (shedSinceReport == 0) {
            return null;
        }
        String line = String.format(java.util.Locale.ROOT, "mlctl logger: WARN: %d sampled requests were not logged "
                + "in the last %d s to keep the logger within its CPU budget (--logging-cpu-budget %s of a core; last "
                + "second %.2f used); logging %.0f%% of sampled requests now", shedSinceReport, seconds,
                number(budget), u, share * 100);
        shedSinceReport = 0;
        return line;
    }

    /** A small JSON object for /health. */
    String healthJson() {
        return String.format(java.util.Locale.ROOT, "{\"budget\":%s,\"used\":%.3f,\"admittedShare\":%.3f,"
                + "\"shedding\":%s,\"shedTotal\":%d}", number(budget), used, share, share < 1.0,
                shedTotal());
    }

    /** A number as written in a flag: 0.25, 1. */
    static String number(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
