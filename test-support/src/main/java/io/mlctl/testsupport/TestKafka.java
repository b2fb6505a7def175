package io.mlctl.testsupport;

import io.mlctl.kafka.broker.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker per test class ({@link LocalKafkaBroker}, its own process), for tests that
 * consume or produce:
 * <pre>{@code
 * @RegisterExtension static final TestKafka kafka = new TestKafka();
 * ... kafka.createTopic("samples", 6); kafka.bootstrap(); kafka.broker().kill(); kafka.broker().restart();
 * }</pre>
 * The module using it adds {@code kafka-broker} with test scope (test-support declares it optional, so modules
 * without Kafka tests do not carry the broker's jars).
 */
public final class TestKafka implements BeforeAllCallback, AfterAllCallback {
    private LocalKafkaBroker broker;
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /**
     * Starts the broker unless it runs (also on first use: a {@code ControlPlaneTest}'s server properties are read
     * before class-level callbacks of each parameterized invocation).
     */
    private synchronized void start() throws java.io.IOException {
        if (broker == null) {
            dir = Files.createTempDirectory("mlctl-kafka-");
            broker = LocalKafkaBroker.start(dir, 0);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dir = null;
        }
    }

    public LocalKafkaBroker broker() {
        started();
        return broker;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return started().bootstrap();
    }

    private LocalKafkaBroker started() {
        try {
            start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return broker;
    }

    /** An Admin client of this broker (close it). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /** Creates {@code topic} with {@code partitions} partitions (one replica) and waits until it exists. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** A producer of raw bytes that waits for the broker's acknowledgement of every record (close it). */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
