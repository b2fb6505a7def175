package io.mlctl.controlplane.kafka;

import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.mlctl.controlplane.kafka.KafkaFixture.awaitEquals;
import static io.mlctl.controlplane.kafka.KafkaFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane consuming a real KRaft broker (one per class, its own process), on H2 and PostgreSQL: poison
 * records to the dead-letter topic without blocking, OIP pairs, subscriptions added and removed while consuming,
 * and a broker killed and restarted. Counts are the windows' rows in the database: none lost, none doubled.
 */
class KafkaIngestTest extends ControlPlaneTest {
    @RegisterExtension
    static final TestKafka KAFKA = new TestKafka();

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.kafka.bootstrap", KAFKA.bootstrap(), "mlctl.kafka.refresh", "500ms",
                "mlctl.kafka.group", "ingest-test-" + kind.name().toLowerCase(Locale.ROOT));
    }

    private String name(String what) {
        return what + "-" + kind.name().toLowerCase(Locale.ROOT);
    }

    @Test
    void poisonRecordsAreCountedAndDeadLetteredWithoutBlockingTheirPartition() throws Exception {
        String model = name("poison");
        String topic = name("poison-samples");
        String dlq = name("poison-dlq");
        KAFKA.createTopic(topic, 3);
        KAFKA.createTopic(dlq, 1);
        KafkaFixture.monitoredModel(http, model);
        KafkaFixture.subscribe(http, model, topic, "mlctl", dlq);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < 10; i++) {
                KafkaFixture.produceSamples(p, topic, i * 30, 30);
                KafkaFixture.send(p, topic, "{not json", Map.of());
                // amount has min 0: a schema violation
                KafkaFixture.send(p, topic, "{\"features\":{\"amount\":-5,\"country\":\"US\",\"is_new\":true},"
                        + "\"prediction\":0.5}\n", Map.of());
                if (i % 2 == 0) {
                    // routed by headers to a version without a subscription
                    KafkaFixture.send(p, topic, io.mlctl.controlplane.ingest.SampleData.samples(1, i, 0, null),
                            Map.of(KafkaIngestor.MODEL_HEADER, model, KafkaIngestor.VERSION_HEADER, "7"));
                } else {
                    // routed by headers to the subscribed version: counted; two lines in one record
                    KafkaFixture.send(p, topic, io.mlctl.controlplane.ingest.SampleData.samples(2, i, 0, null),
                            Map.of(KafkaIngestor.MODEL_HEADER, model, KafkaIngestor.VERSION_HEADER, "1"));
                }
            }
        }
        awaitEquals(300 + 5 * 2, rows(database, model), "good rows are counted once, bad records skipped");

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(dlq, 25);
        Map<String, Integer> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            reasons.merge(header(r, KafkaIngestor.DLQ_REASON), 1, Integer::sum);
            assertEquals(topic, header(r, KafkaIngestor.DLQ_TOPIC));
            assertTrue(Integer.parseInt(header(r, KafkaIngestor.DLQ_PARTITION)) < 3);
            assertTrue(Long.parseLong(header(r, KafkaIngestor.DLQ_OFFSET)) >= 0);
        }
        assertEquals(Map.of("malformed", 10, "out_of_domain", 10, "unknown_version", 5), reasons);

        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("mlctl_kafka_records_consumed_total{topic=\"" + topic + "\"} 330.0"), metrics);
        assertTrue(metrics.contains("mlctl_kafka_records_rejected_total{reason=\"malformed\",topic=\"" + topic
                + "\"} 10.0"), metrics);
        assertTrue(metrics.contains("mlctl_kafka_records_rejected_total{reason=\"unknown_version\",topic=\""
                + topic + "\"} 5.0"), metrics);
        assertTrue(metrics.contains("mlctl_samples_rejected_total{model=\"" + model
                + "\",reason=\"out_of_domain\",version=\"1\"} 10.0"), metrics);
        assertTrue(metrics.contains("mlctl_kafka_lag_records{partition=\"0\",topic=\"" + topic + "\"} 0.0"), metrics);
        // a record for another version is not counted against the subscribed one
        assertFalse(metrics.contains("mlctl_samples_rejected_total{model=\"" + model
                + "\",reason=\"unknown_version\""), metrics);
    }

    @Test
    void oipPairsAreDecodedThroughTheSchema() throws Exception {
        String model = name("oip");
        String topic = name("oip-pairs");
        KAFKA.createTopic(topic, 2);
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: %s
                features:
                  - {name: amount, type: numeric, min: 0, required: true}
                  - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                inputs:
                  - {feature: amount, tensor: INPUT0, index: 0}
                  - {feature: country, tensor: country}
                output: {tensor: probabilities, index: 1}
                """.formatted(model + "-features")).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/1", "runtime", "triton",
                "schema", model + "-features@1")).assertStatus(201);
        StringBuilder ref = new StringBuilder("amount,country,score\n");
        for (int i = 0; i < 300; i++) {
            ref.append(10 + i % 50).append(',').append(new String[]{"US", "DE", "FR"}[i % 3]).append(',')
                    .append((i % 10) / 10.0).append('\n');
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv", ref.toString())
                .assertStatus(200);
        KafkaFixture.subscribe(http, model, topic, "oip", null);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < 20; i++) {
                String request = "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[["
                        + (10 + i) + "],[" + (20 + i) + "]]},{\"name\":\"country\",\"shape\":[2],\"datatype\":\"BYTES\","
                        + "\"data\":[\"US\",\"DE\"]}]}";
                String response = "{\"outputs\":[{\"name\":\"probabilities\",\"shape\":[2,2],\"datatype\":\"FP32\","
                        + "\"data\":[[0.9,0.1],[0.3,0.7]]}]}";
                KafkaFixture.send(p, topic, "{\"request\":" + request + ",\"response\":" + response + ",\"id\":\"r" + i
                        + "\"}", Map.of());
            }
            // the response lacks the output tensor: undecodable, skipped
            KafkaFixture.send(p, topic, "{\"request\":{\"inputs\":[]},\"response\":{\"outputs\":[]}}", Map.of());
        }
        awaitEquals(40, rows(database, model), "two rows per pair");
        assertTrue(http.get("/metrics").body().contains("mlctl_kafka_records_rejected_total{reason=\"undecodable\","
                + "topic=\"" + topic + "\"} 1.0"));
    }

    @Test
    void subscriptionsAddedAndRemovedWhileConsuming() throws Exception {
        String model = name("subs");
        String topic = name("subs-samples");
        KAFKA.createTopic(topic, 2);
        KafkaFixture.monitoredModel(http, model);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            // records written before any subscription are read from the topic's beginning once it is added
            KafkaFixture.produceSamples(p, topic, 0, 50);
            KafkaFixture.subscribe(http, model, topic, "mlctl", null);
            awaitEquals(50, rows(database, model), "the new subscription is picked up while running");

            http.delete("/api/v1/models/" + model + "/versions/1/subscription").assertStatus(204);
            Thread.sleep(3000); // several refreshes (every 500 ms): the consumer has left the topic
            KafkaFixture.produceSamples(p, topic, 50, 30);
            Thread.sleep(3000);
            assertEquals(50, KafkaFixture.windowRows(database, model), "an unsubscribed topic is not consumed");

            // subscribed again: it resumes at the stored offsets, so the 30 come in, and only they
            KafkaFixture.subscribe(http, model, topic, "mlctl", null);
            awaitEquals(80, rows(database, model), "resumed where it stopped");
        }
    }

    @Test
    void brokerKilledAndRestartedLosesAndDoublesNothing() throws Exception {
        String model = name("restart");
        String topic = name("restart-samples");
        KAFKA.createTopic(topic, 3);
        KafkaFixture.monitoredModel(http, model);
        KafkaFixture.subscribe(http, model, topic, "mlctl", null);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KafkaFixture.produceSamples(p, topic, 0, 100);
        }
        awaitEquals(100, rows(database, model), "before the restart");
        KAFKA.broker().kill();
        KAFKA.broker().restart();
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KafkaFixture.produceSamples(p, topic, 100, 100);
        }
        awaitEquals(200, rows(database, model), "the consumer reconnected and went on from the stored offsets");
    }

    @Test
    void cloudEventsInKafkaBinaryModeArePairedByCeIdAcrossPartitions() throws Exception {
        String model = name("ce");
        String topic = name("ce-events");
        KAFKA.createTopic(topic, 2);
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: %s
                features:
                  - {name: tenure, type: numeric, min: 0}
                  - {name: plan, type: categorical, values: [basic, pro], allowOther: true}
                prediction: {name: churn, type: numeric, min: 0, max: 1}
                """.formatted(model + "-features")).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/1", "runtime", "custom",
                "schema", model + "-features")).assertStatus(201);
        StringBuilder ref = new StringBuilder("tenure,plan,churn\n");
        for (int i = 0; i < 300; i++) {
            ref.append(i % 60).append(',').append(i % 2 == 0 ? "basic" : "pro").append(',').append((i % 10) / 10.0)
                    .append('\n');
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv", ref.toString())
                .assertStatus(200);
        KafkaFixture.subscribe(http, model, topic, "cloudevents", null);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < 20; i++) {
                String id = "ev-" + i;
                // the halves travel on different partitions, the response first for odd ids
                String request = "{\"instances\": [{\"tenure\": " + i + ", \"plan\": \"pro\"}]}";
                String response = "{\"predictions\": [0.25]}";
                event(p, topic, i % 2 == 0 ? 0 : 1, id, "org.kubeflow.serving.inference.request", request);
                event(p, topic, i % 2 == 0 ? 1 : 0, id, "org.kubeflow.serving.inference.response", response);
            }
            // not an inference event, and not a CloudEvent at all: counted, skipped
            event(p, topic, 0, "ev-x", "com.example.other", "{}");
            KafkaFixture.send(p, topic, "{\"instances\": []}", Map.of());
        }
        awaitEquals(20, rows(database, model), "one row per pair");
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("mlctl_kafka_records_consumed_total{topic=\"" + topic + "\"} 42.0"), metrics);
        assertTrue(metrics.contains("mlctl_kafka_records_rejected_total{reason=\"malformed\",topic=\"" + topic
                + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("mlctl_kafka_records_rejected_total{reason=\"undecodable\",topic=\"" + topic
                + "\"} 1.0"), metrics);
    }

    /** A KServe payload-logger event in Kafka binary mode (CloudEvents Kafka protocol binding: ce_ headers). */
    private static void event(KafkaProducer<byte[], byte[]> p, String topic, int partition, String id, String type,
                              String body) throws Exception {
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        h.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        h.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        h.add("ce_source", "http://localhost:9081/".getBytes(StandardCharsets.UTF_8));
        h.add("ce_inferenceservicename", "churn".getBytes(StandardCharsets.UTF_8));
        h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        p.send(new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(topic, partition,
                id.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8), h)).get();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // anything beyond the expected copies would be a doubled dead letter
            c.poll(Duration.ofSeconds(2)).forEach(out::add);
        }
        return out;
    }
}
