package io.mlctl.controlplane.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.mlctl.controlplane.cloudevents.CloudEventIngest;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.ingest.StreamIngest;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka consumers of one control plane ({@code --kafka-consumers}, default 1): each a
 * {@link KafkaIngestor} on its own thread, all in the same consumer group, so they share the partitions exactly as
 * the consumers of several replicas do (the same exactly-once rules: each partition batch and its offset row in one
 * transaction). One consumer parses and folds its batches on one thread; with several, the partitions' parsing
 * runs in parallel and only the short database transactions meet (docs/KAFKA.md, docs/BENCHMARKS.md).
 */
@Context
@Requires(property = "mlctl.kafka.bootstrap")
public class KafkaConsumers {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumers.class);

    private final List<KafkaIngestor> consumers = new ArrayList<>();

    public KafkaConsumers(Jdbc jdbc, SubscriptionStore subscriptions, StreamIngest ingest,
                          CloudEventIngest cloudEvents, KafkaMetrics metrics,
                          @Value("${mlctl.kafka.bootstrap}") String bootstrap,
                          @Value("${mlctl.kafka.group:mlctl-control-plane}") String group,
                          @Nullable @Value("${mlctl.kafka.config:}") String configFile,
                          @Value("${mlctl.kafka.refresh:2s}") Duration refreshEvery,
                          @Value("${mlctl.kafka.consumers:1}") int n) throws IOException {
        for (int i = 0; i < n; i++) {
            consumers.add(new KafkaIngestor(jdbc, subscriptions, ingest, cloudEvents, metrics, bootstrap, group,
                    configFile, refreshEvery, i));
        }
        LOG.info("consuming subscribed Kafka topics from {} as group {} with {} consumer{}", bootstrap, group, n,
                n == 1 ? "" : "s");
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // all at once: each finishes its batch in flight and leaves the group
        consumers.forEach(KafkaIngestor::stopping);
        for (KafkaIngestor c : consumers) {
            c.awaitStop();
        }
    }
}
