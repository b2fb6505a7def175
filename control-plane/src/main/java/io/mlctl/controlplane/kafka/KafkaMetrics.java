package io.mlctl.controlplane.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

/**
 * The Kafka consumer's own metrics (docs/KAFKA.md, "Metrics"); rows rejected inside records are counted as usual in
 * {@code mlctl_samples_rejected_total{reason}}.
 */
@Singleton
public class KafkaMetrics {
    public static final String LAG = "mlctl_kafka_lag_records";
    public static final String CONSUMED = "mlctl_kafka_records_consumed_total";
    public static final String REJECTED = "mlctl_kafka_records_rejected_total";

    private final Gauge lag;
    private final Counter consumed;
    private final Counter rejected;

    public KafkaMetrics(PrometheusRegistry registry) {
        lag = Gauge.builder().name(LAG)
                .help("Records of a partition this replica consumes that are not yet folded into windows")
                .labelNames("topic", "partition").register(registry);
        consumed = Counter.builder().name(CONSUMED)
                .help("Kafka records consumed and committed to the database (good and bad ones)")
                .labelNames("topic").register(registry);
        rejected = Counter.builder().name(REJECTED)
                .help("Kafka records that could not be used, by reason (copied to the dead-letter topic when set)")
                .labelNames("topic", "reason").register(registry);
    }

    void lag(String topic, int partition, long records) {
        lag.labelValues(topic, String.valueOf(partition)).set(records);
    }

    /** A partition this replica no longer owns: its series goes (the new owner reports it). */
    void forget(String topic, int partition) {
        lag.remove(topic, String.valueOf(partition));
    }

    void consumed(String topic, long records) {
        consumed.labelValues(topic).inc(records);
    }

    void rejected(String topic, String reason) {
        rejected.labelValues(topic, reason).inc();
    }
}
