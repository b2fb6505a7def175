package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import io.mlctl.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mlctl logger --sink kafka} against a real KRaft broker: every decoded row arrives on the topic as one sample
 * line keyed by its request id (the line the control plane's /samples takes), counted as sent when the broker
 * acknowledged it; with the broker stopped every inference is still answered, and the rows that could not be
 * delivered are counted as dropped (send_failed), never stuck; after a restart records flow again.
 */
class KafkaSinkTest {
    @RegisterExtension
    static final TestKafka KAFKA = new TestKafka();

    private static final String SCHEMA = """
            name: ksink-features
            features:
              - {name: amount, type: numeric}
              - {name: customer_age, type: numeric}
            prediction: {name: score, type: numeric}
            """;

    @Test
    void rowsArriveKeyedByRequestIdAndInferenceOutlivesTheBroker() throws Exception {
        KAFKA.createTopic("ksink", 3);
        try (TestDatabase db = TestDatabase.h2();
             ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h",
                     "mlctl.drift.grace", "10m"));
             ModelServer model = new ModelServer()) {
            TestHttp http = cp.http();
            int v = Harness.register(http, "ksink", SCHEMA);
            List<Map<String, Object>> ref = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ref.add(Map.of("features", Map.of("amount", i * 1.0, "customer_age", 20 + i), "prediction", 0.5));
            }
            Harness.reference(http, "ksink", v, ref);
            // short bounds so the outage below turns into counted drops within seconds
            try (Harness.RunningLogger logger = new Harness.RunningLogger(Harness.loggerArgs(model.port(),
                    "kserve-v1", "ksink", v, cp.url(), cp.adminToken(), "--sink", "kafka", "--topic", "ksink",
                    "--kafka-bootstrap", KAFKA.bootstrap(), "--retry-for", "4s", "--send-timeout", "2s",
                    "--connect-timeout", "1s").toArray(String[]::new));
                 KafkaConsumer<String, String> consumer = consumer()) {
                Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));
                assertTrue(logger.output().contains("samples go to Kafka topic ksink at " + KAFKA.bootstrap()),
                        logger.output());
                consumer.subscribe(List.of("ksink"));
                for (int i = 0; i < 20; i++) {
                    infer(logger, "req-" + i, i);
                }
                Harness.await("40 acknowledged records", Duration.ofSeconds(120),
                        () -> Harness.value(logger.metrics(), "mlctl_logger_samples_sent_total") == 40,
                        logger::diagnostics);
                List<ConsumerRecord<String, String>> records = poll(consumer, 40);
                assertEquals(40, records.size());
                Map<String, Integer> partitionOfKey = new HashMap<>();
                StringBuilder ndjson = new StringBuilder();
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode line = ModelServer.JSON.readTree(r.value());
                    String id = line.path("request_id").asText();
                    // row 0 keeps the request id, row 1 is <id>/1: both keyed by the request's id
                    assertEquals(id.replaceFirst("/1$", ""), r.key(), r.value());
                    int i = Integer.parseInt(r.key().substring(4));
                    double amount = id.endsWith("/1") ? i + 0.5 : i;
                    assertEquals(amount, line.path("features").path("amount").asDouble(), r.value());
                    assertEquals(ModelServer.score(amount, 30), line.path("prediction").asDouble(), 1e-12, r.value());
                    assertEquals(r.partition(), partitionOfKey.computeIfAbsent(r.key(), k -> r.partition()),
                            "one key, one partition");
                    assertTrue(!r.value().contains("\n"), "one line per record");
                    ndjson.append(r.value()).append('\n');
                }
                assertEquals(20, partitionOfKey.size());
                // the records are the control plane's own sample lines: /samples takes them as they are
                JsonNode ack = http.send(java.net.http.HttpRequest.newBuilder(cp.url().resolve(
                        "/api/v1/models/ksink/versions/" + v + "/samples")).header("Content-Type",
                        "application/x-ndjson").header("Idempotency-Key", "ksink-check")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())))
                        .assertStatus(200).json();
                assertEquals(40, ack.path("accepted").asInt(), ack.toString());

                KAFKA.broker().stop();
                for (int i = 20; i < 30; i++) {
                    infer(logger, "req-" + i, i); // answered (200, the model's predictions) with the broker down
                }
                // none of the outage's 20 rows is acknowledged: each is counted as lost once its delivery times out
                Harness.await("the outage's rows counted as dropped", Duration.ofSeconds(120), () -> {
                    Map<String, Double> m = logger.metrics();
                    return Harness.value(m, "mlctl_logger_samples_dropped_total{reason=\"send_failed\"}") == 20;
                }, logger::diagnostics);
                assertEquals(40, Harness.value(logger.metrics(), "mlctl_logger_samples_sent_total"));
                JsonNode health = ModelServer.JSON.readTree(logger.logger.health());
                assertTrue(health.path("lastSend").path("status").asText().startsWith("failed: topic ksink"),
                        health.toString());

                KAFKA.broker().restart();
                // until the restarted broker serves the topic's metadata again, a row is dropped and counted
                // (send_failed: the logger never blocks on the broker), so requests go on until rows flow again
                int[] next = {30};
                Harness.await("records again after the restart", Duration.ofSeconds(120), () -> {
                    infer(logger, "req-" + next[0], next[0]);
                    next[0]++;
                    return Harness.value(logger.metrics(), "mlctl_logger_samples_sent_total") >= 50;
                }, logger::diagnostics);
                // every row of every request is then either acknowledged or counted as dropped, once
                Harness.await("every row accounted for", Duration.ofSeconds(60), () -> {
                    Map<String, Double> m = logger.metrics();
                    return Harness.value(m, "mlctl_logger_samples_sent_total")
                            + Harness.value(m, "mlctl_logger_samples_dropped_total{reason=\"send_failed\"}")
                            == 2.0 * next[0];
                }, logger::diagnostics);
                int acknowledged = (int) Harness.value(logger.metrics(), "mlctl_logger_samples_sent_total") - 40;
                List<ConsumerRecord<String, String>> after = poll(consumer, acknowledged);
                assertEquals(acknowledged, after.size());
                for (ConsumerRecord<String, String> r : after) {
                    int i = Integer.parseInt(r.key().substring(4));
                    assertTrue(i >= 30 && i < next[0], "only rows acknowledged after the restart: " + r.key());
                }
            }
        }
    }

    @Test
    void badKafkaOptionsAreUsageErrors() throws Exception {
        Path props = Files.createTempFile("client-", ".properties");
        try {
            assertUsage("--sink kafka needs --topic", "--sink", "kafka", "--kafka-bootstrap", "127.0.0.1:9");
            assertUsage("--sink kafka needs --kafka-bootstrap", "--sink", "kafka", "--topic", "t");
            assertUsage("--topic: ", "--sink", "kafka", "--topic", "bad topic", "--kafka-bootstrap", "127.0.0.1:9");
            assertUsage("go with --sink kafka", "--topic", "t");
            assertUsage("--sink takes http or kafka", "--sink", "mqtt");
            Files.writeString(props, "acks=1\n");
            assertUsage("acks must stay all", kafka(props));
            Files.writeString(props, "enable.idempotence=false\n");
            assertUsage("enable.idempotence must stay true", kafka(props));
            Files.writeString(props, "value.serializer=org.apache.kafka.common.serialization.StringSerializer\n");
            assertUsage("value.serializer is set by the logger", kafka(props));
            Files.writeString(props, "securty.protocol=SASL_SSL\n");
            assertUsage("not Kafka client properties: securty.protocol", kafka(props));
            Files.writeString(props, "compression.type=brotli\n");
            assertUsage("compression.type", kafka(props));
            // a consumer's property in a shared client.properties is left out, not refused
            Files.writeString(props, "security.protocol=PLAINTEXT\ngroup.id=mlctl\ncompression.type=zstd\n");
            LoggerMain main = main(kafka(props));
            KafkaShipper.Settings s = main.settings().kafka();
            assertEquals("zstd", s.producer().get("compression.type"));
            assertEquals("all", s.producer().get("acks"));
            assertEquals("true", s.producer().get("enable.idempotence"));
            assertTrue(!s.producer().containsKey("group.id"));
        } finally {
            Files.deleteIfExists(props);
        }
    }

    private static String[] kafka(Path props) {
        return new String[] {"--sink", "kafka", "--topic", "t", "--kafka-bootstrap", "127.0.0.1:9",
            "--kafka-config", props.toString()};
    }

    private static LoggerMain main(String... extra) {
        List<String> args = new ArrayList<>(List.of("--upstream", "http://127.0.0.1:9", "--listen", "0", "--protocol",
                "oip", "--model", "m", "--version", "1"));
        args.addAll(List.of(extra));
        LoggerMain main = new LoggerMain(System.out);
        new picocli.CommandLine(main).parseArgs(args.toArray(String[]::new));
        return main;
    }

    private static void assertUsage(String message, String... extra) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> main(extra).settings());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static void infer(Harness.RunningLogger logger, String id, int i) {
        HttpResponse<String> r = Harness.post(logger.url("/v1/models/ksink:predict"), "application/json",
                "{\"instances\": [{\"amount\": " + i + ", \"customer_age\": 30}, {\"amount\": " + (i + 0.5)
                        + ", \"customer_age\": 30}]}", id);
        assertEquals(200, r.statusCode(), r.body());
        try {
            JsonNode p = ModelServer.JSON.readTree(r.body()).path("predictions");
            assertEquals(ModelServer.score(i, 30), p.path(0).asDouble(), 1e-12, r.body());
            assertEquals(ModelServer.score(i + 0.5, 30), p.path(1).asDouble(), 1e-12, r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "ksink-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code n} records came (up to 60 s), then a little longer to see that no more come. */
    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int n) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (got.size() < n && System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        consumer.poll(Duration.ofSeconds(1)).forEach(got::add);
        return got;
    }
}
