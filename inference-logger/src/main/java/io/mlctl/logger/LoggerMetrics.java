package io.mlctl.logger;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The logger's metrics (docs/DESIGN.md "Prediction logging"), in a registry of its own so that several loggers in one JVM
 * (tests) never share counters. Label values are fixed sets: {@code outcome} and {@code reason} below.
 */
final class LoggerMetrics {
    /** Outcomes of {@code mlctl_logger_requests_total}: what became of each forwarded request. */
    static final String LOGGED = "logged";
    static final String NO_ROWS = "no_rows";
    static final String NOT_SAMPLED = "not_sampled";
    static final String UNDECODABLE = "undecodable";
    static final String DROPPED = "dropped";
    static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";

    /** Reasons of {@code mlctl_logger_samples_dropped_total}. */
    static final String QUEUE_FULL = "queue_full";
    static final String TOO_LARGE = "too_large";
    static final String REJECTED = "rejected";
    static final String SEND_FAILED = "send_failed";
    static final String SHUTDOWN = "shutdown";
    static final String CPU_BUDGET = "cpu_budget";

    final PrometheusRegistry registry = new PrometheusRegistry();
    final Counter requests;
    final Counter sent;
    final Counter dropped;
    final Histogram overhead;
    /**
     * The data point of each outcome, looked up once: {@code labelValues} builds a label list and hashes it on every
     * call, and {@link #request} runs once per forwarded request on an event loop.
     */
    private final Map<String, CounterDataPoint> byOutcome = new HashMap<>();
    /** {@code dropped{reason="cpu_budget"}}, counted on the event loops: looked up once for the same reason. */
    private final CounterDataPoint cpuBudgetDropped;

    LoggerMetrics(LongSupplier queueDepth) {
        requests = Counter.builder().name("mlctl_logger_requests_total")
                .help("Requests forwarded, by what became of their pair: logged, no_rows (no sample: an error answer, "
                        + "or not an inference call, e.g. health or metadata), not_sampled, undecodable, dropped (from a "
                        + "full queue, or shed by the CPU budget before being copied), "
                        + "upstream_unavailable (answered 502)")
                .labelNames("outcome").register(registry);
        sent = Counter.builder().name("mlctl_logger_samples_sent_total")
                .help("Sample rows the control plane accepted (--sink http) or the Kafka broker acknowledged (--sink kafka)").register(registry);
        dropped = Counter.builder().name("mlctl_logger_samples_dropped_total")
                .help("Samples lost, by reason: queue_full, cpu_budget, too_large and undecodable count pairs; rejected, "
                        + "send_failed and shutdown count rows")
                .labelNames("reason").register(registry);
        GaugeWithCallback.builder().name("mlctl_logger_queue_depth")
                .help("Request/response pairs waiting to be decoded and sent")
                .callback(cb -> cb.call(queueDepth.getAsLong())).register(registry);
        // classic buckets around the goals (0.3 ms at p50, 2 ms at p99), so a dashboard's histogram_quantile reads them
        overhead = Histogram.builder().name("mlctl_logger_overhead_seconds")
                .help("Time the logger itself adds to a request: from the request's last byte read to it written "
                        + "upstream, plus from the answer's last byte read to it written to the client")
                .classicOnly()
                .classicUpperBounds(0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25)
                .register(registry);
        JvmMetrics.builder().register(registry);
        for (String outcome : new String[] {LOGGED, NO_ROWS, NOT_SAMPLED, UNDECODABLE, DROPPED, UPSTREAM_UNAVAILABLE}) {
            byOutcome.put(outcome, requests.labelValues(outcome));
        }
        for (String reason : new String[] {QUEUE_FULL, TOO_LARGE, UNDECODABLE, REJECTED, SEND_FAILED, SHUTDOWN}) {
            dropped.labelValues(reason);
        }
        cpuBudgetDropped = dropped.labelValues(CPU_BUDGET);
    }

    /** A sampled pair the CPU budget did not admit: counted as a dropped request and a dropped pair. */
    void shedByBudget() {
        byOutcome.get(DROPPED).inc();
        cpuBudgetDropped.inc();
    }

    void request(String outcome) {
        byOutcome.get(outcome).inc();
    }

    void dropped(String reason, long n) {
        if (n > 0) {
            dropped.labelValues(reason).inc(n);
        }
    }
}
