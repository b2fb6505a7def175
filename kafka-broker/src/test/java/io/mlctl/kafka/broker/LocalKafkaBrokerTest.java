package io.mlctl.kafka.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real broker: topics, records written and read, and both kinds of restart keep port, topics and records. */
class LocalKafkaBrokerTest {
    @Test
    void servesAndSurvivesKillAndRestartOnTheSamePortAndData(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrap();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("t", 3, (short) 1))).all().get();
            }
            produce(bootstrap, 0, 30);
            assertEquals(30, readAll(bootstrap).size());

            broker.kill();
            assertFalse(broker.isRunning());
            broker.restart();
            assertEquals(bootstrap, broker.bootstrap());
            produce(bootstrap, 30, 10);
            assertEquals(40, readAll(bootstrap).size(), "records written before the kill are still there");

            broker.stop();
            broker.restart();
            assertTrue(broker.isRunning());
            List<String> values = readAll(bootstrap);
            assertEquals(40, values.size());
            assertTrue(values.contains("v39"));
        }
    }

    /**
     * A fresh directory's broker that exits at once (a port taken by another process before it bound it; here a log
     * directory it cannot format) is started again on new ports instead of failing the caller.
     */
    @Test
    void aFreshBrokerThatExitsAtOnceStartsAgain(@TempDir Path dir) throws Exception {
        Path kafka = dir.resolve("kafka");
        Files.createDirectories(kafka);
        Files.writeString(kafka.resolve("logs"), "a file where the log directory goes");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(kafka, 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("t", 3, (short) 1))).all().get();
            }
            produce(broker.bootstrap(), 0, 3);
            assertEquals(3, readAll(broker.bootstrap()).size());
        }
        assertTrue(Files.isDirectory(kafka.resolve("logs")));
    }

    private static void produce(String bootstrap, int from, int n) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + n; i++) {
                p.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
            }
        }
    }

    private static List<String> readAll(String bootstrap) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            Set<TopicPartition> parts = Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
                    new TopicPartition("t", 2));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until
                    && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
