package io.mlctl.deploy;

import io.mlctl.kafka.broker.LocalKafkaBroker;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The SRE scenario's Kafka part: a real KRaft broker the control plane consumes from ({@code mlctl.kafka.bootstrap}),
 * model {@code clicks} subscribed to topic {@code clicks-predictions} (format mlctl, with a dead-letter topic), and
 * every tick sample lines like its reference plus one record that is not JSON, so the Kafka row of the drift
 * dashboard and the lag alert read real series: lag per partition, records consumed, records rejected by reason.
 */
final class KafkaFeed implements AutoCloseable {
    static final String TOPIC = "clicks-predictions";
    private final LocalKafkaBroker broker;
    private final Path dir;
    private final Random random = new Random(15);
    private KafkaProducer<String, String> producer;

    KafkaFeed() throws Exception {
        dir = Files.createTempDirectory("mlctl-sre-kafka-");
        broker = LocalKafkaBroker.start(dir, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic("clicks-dlq", 1, (short) 1)))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The control plane's properties that make it consume from this broker. */
    Map<String, Object> serverProperties() {
        return Map.of("mlctl.kafka.bootstrap", broker.bootstrap(), "mlctl.kafka.refresh", "1s");
    }

    /** Registers model clicks (schema, version 1, reference profile) and subscribes it to the topic. */
    void setUp(ControlPlaneServer cp) {
        TestHttp http = cp.http();
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: clicks-features
                features:
                  - {name: dwell_ms, type: numeric}
                prediction: {name: click, type: numeric}
                """).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", "clicks", "owner", "ml-platform")).assertStatus(201);
        http.post("/api/v1/models/clicks/versions", Map.of("artifactUri", "s3://models/clicks/1", "runtime", "custom",
                "schema", "clicks-features")).assertStatus(201);
        StringBuilder csv = new StringBuilder("dwell_ms,click\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(String.format(Locale.ROOT, "%.1f,%.3f%n", dwell(), random.nextDouble()));
        }
        http.send("PUT", "/api/v1/models/clicks/versions/1/profile", "text/csv", csv.toString()).assertStatus(200);
        http.put("/api/v1/models/clicks/versions/1/subscription", Map.of("topic", TOPIC, "format", "mlctl",
                "deadLetterTopic", "clicks-dlq")).assertStatus(200);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Forty sample lines like the reference and one record that is not JSON (rejected: malformed; 2.4% of the
     * rows, under the ingest-rejection alert's 5%).
     */
    void tick() {
        for (int i = 0; i < 40; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "r" + random.nextInt(1000), String.format(Locale.ROOT,
                    "{\"ts\":\"%s\",\"features\":{\"dwell_ms\":%.1f},\"prediction\":%.3f}", Instant.now(), dwell(),
                    random.nextDouble())));
        }
        producer.send(new ProducerRecord<>(TOPIC, "bad", "not json"));
        producer.flush();
    }

    private double dwell() {
        return Math.exp(6 + random.nextGaussian() * 0.5);
    }

    @Override
    public void close() throws Exception {
        if (producer != null) {
            producer.close();
        }
        broker.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
