package io.mlctl.controlplane.kafka;

import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the Kafka tests share: a monitored model version, sample records, and the rows the windows counted. */
final class KafkaFixture {
    private KafkaFixture() {
    }

    /** Registers the fraud test model with version 1 and its reference profile. */
    static void monitoredModel(TestHttp http, String model) {
        Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                SampleData.referenceCsv(2000, 1)).assertStatus(200);
    }

    static void subscribe(TestHttp http, String model, String topic, String format, String deadLetterTopic) {
        Map<String, Object> body = deadLetterTopic == null ? Map.of("topic", topic, "format", format)
                : Map.of("topic", topic, "format", format, "deadLetterTopic", deadLetterTopic);
        http.put("/api/v1/models/" + model + "/versions/1/subscription", body).assertStatus(200);
    }

    /** {@code n} records of one sample line each (no timestamp: rows fall into the window of their consumption). */
    static void produceSamples(KafkaProducer<byte[], byte[]> producer, String topic, int from, int n) throws Exception {
        for (int i = from; i < from + n; i++) {
            producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    SampleData.samples(1, i, 0, null).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String value, Map<String, String> headers)
            throws Exception {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<byte[], byte[]>(topic, null, (byte[]) null, value.getBytes(StandardCharsets.UTF_8), h)).get();
    }

    /** Rows the version's windows hold (open and closed), straight from the database. */
    static long windowRows(TestDatabase db, String model) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(rows_total), 0) "
                + "FROM drift_window WHERE model = ? AND version = 1 AND granularity = 'window'")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Polls until {@code value} reaches {@code expected} (or 120 s pass), then asserts equality (never more). */
    static void awaitEquals(long expected, LongSupplier value, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        long v = value.getAsLong();
        while (v < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            v = value.getAsLong();
        }
        // a moment more: a doubled batch would show up now
        Thread.sleep(1000);
        assertEquals(expected, value.getAsLong(), what);
    }

    static LongSupplier rows(TestDatabase db, String model) {
        return () -> {
            try {
                return windowRows(db, model);
            } catch (Exception e) {
                return -1;
            }
        };
    }
}
