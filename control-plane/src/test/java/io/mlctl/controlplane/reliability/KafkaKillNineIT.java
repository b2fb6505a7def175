package io.mlctl.controlplane.reliability;

import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import io.mlctl.testsupport.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real control-plane processes ({@code java -jar control-plane.jar --kafka-bootstrap ...}) on one PostgreSQL
 * share a 6-partition topic of a real KRaft broker as one consumer group. One of them is killed with SIGKILL in the
 * middle of the stream (its partitions move to the other, at the offsets stored with the last committed batch) and
 * started again (the group rebalances once more). The windows' row counts equal the records produced: none lost,
 * none doubled.
 */
class KafkaKillNineIT {
    private static final String TOKEN = "mlctl_it_admin_token_kafka_0123456789";

    @RegisterExtension
    static final TestKafka KAFKA = new TestKafka();

    @Test
    void twoReplicasKillNineOneRestartItCountEveryRecordOnce(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String topic = "k9-samples";
            KAFKA.createTopic(topic, 6);
            // hour windows with an hour's grace: rows stamped at the test's start are never late, whatever the pace
            List<String> options = List.of("--db-url", db.url(), "--db-user", db.user(), "--db-password",
                    db.password(), "--kafka-bootstrap", KAFKA.bootstrap(), "--drift-window", "1h",
                    "--drift-grace", "1h");
            Map<String, String> env = Map.of("MLCTL_ADMIN_TOKEN", TOKEN);
            int total = 6000;
            AtomicInteger produced = new AtomicInteger();
            Instant ts = Instant.now();
            ServerProcess a = ServerProcess.start(options, env, dir.resolve("a.log"));
            ServerProcess b = ServerProcess.start(options, env, dir.resolve("b.log"));
            ServerProcess a2 = null;
            try {
                TestHttp http = new TestHttp(a.url(), TOKEN);
                Registry.modelWithVersion(http, "k9");
                http.send("PUT", "/api/v1/models/k9/versions/1/profile", "text/csv", SampleData.referenceCsv(2000, 1))
                        .assertStatus(200);
                http.put("/api/v1/models/k9/versions/1/subscription", Map.of("topic", topic, "format", "mlctl"))
                        .assertStatus(200);
                Thread producer = new Thread(() -> {
                    try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                        for (int i = 0; i < total; i++) {
                            p.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                                    SampleData.samples(1, i, 0, ts).getBytes(StandardCharsets.UTF_8)));
                            produced.incrementAndGet();
                            if (i % 100 == 99) {
                                p.flush();
                                Thread.sleep(100);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "producer");
                producer.start();
                long until = System.currentTimeMillis() + 120_000;
                while (rows(db) < 1500 && System.currentTimeMillis() < until) {
                    Thread.sleep(100);
                }
                long before = rows(db);
                assertTrue(before > 0 && before < total, "the kill lands mid-stream (" + before + " rows)");
                a.kill9();
                Thread.sleep(3000);
                a2 = ServerProcess.start(options, env, dir.resolve("a2.log"));
                producer.join(300_000);
                assertEquals(total, produced.get());
                long deadline = System.currentTimeMillis() + 120_000;
                while (rows(db) < total && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(2000); // a doubled batch would show now
                assertEquals(total, rows(db), "every record counted exactly once across kill -9 and two rebalances");
                assertEquals(total, offsets(db), "the stored offsets are past every record");
                String metrics = new TestHttp(b.url(), TOKEN).get("/metrics").body();
                assertTrue(metrics.contains("mlctl_kafka_records_consumed_total{topic=\"" + topic + "\"}"),
                        "the surviving replica consumed too");
            } finally {
                a.close();
                b.close();
                if (a2 != null) {
                    a2.close();
                }
            }
        }
    }

    private static long rows(TestDatabase db) throws Exception {
        return single(db, "SELECT COALESCE(SUM(rows_total), 0) FROM drift_window WHERE model = 'k9' "
                + "AND granularity = 'window'");
    }

    private static long offsets(TestDatabase db) throws Exception {
        return single(db, "SELECT COALESCE(SUM(next_offset), 0) FROM kafka_offset WHERE topic = 'k9-samples'");
    }

    private static long single(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
