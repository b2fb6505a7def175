package io.mlctl.controlplane.kafka;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TcpProxy;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import io.mlctl.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.controlplane.kafka.KafkaFixture.awaitEquals;
import static io.mlctl.controlplane.kafka.KafkaFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicas on one PostgreSQL consuming one topic (in-process servers, a real broker): a replica joining while the
 * other's batch is held in flight (its transaction waits for the partition's offset row, which the test locks), so
 * the rebalance falls in the middle of that batch; then one leaving while records flow; and the database cut for
 * 20 s under a running stream. Skipped without PostgreSQL.
 */
class KafkaReplicasTest {
    @RegisterExtension
    static final TestKafka KAFKA = new TestKafka();

    private static Map<String, Object> kafka(String group) {
        return Map.of("mlctl.kafka.bootstrap", KAFKA.bootstrap(), "mlctl.kafka.refresh", "500ms",
                "mlctl.kafka.group", group);
    }

    @Test
    void replicasJoiningAndLeavingMidBatchCountEveryRecordOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String topic = "rebalance-samples";
            KAFKA.createTopic(topic, 6);
            int total = 4000;
            try (ControlPlaneServer a = ControlPlaneServer.start(db, kafka("rebalance"))) {
                TestHttp http = a.http();
                KafkaFixture.monitoredModel(http, "rebalance");
                KafkaFixture.subscribe(http, "rebalance", topic, "mlctl", null);
                try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                    KafkaFixture.produceSamples(p, topic, 0, total / 4);
                    awaitEquals(total / 4, rows(db, "rebalance"), "a alone");
                    // hold partition 0's offset row: a's next batch of it stops inside its transaction, in flight
                    try (Connection lock = db.connect()) {
                        lock.setAutoCommit(false);
                        try (Statement st = lock.createStatement()) {
                            st.executeQuery("SELECT next_offset FROM kafka_offset WHERE topic = '" + topic
                                    + "' AND partition_no = 0 FOR UPDATE").close();
                        }
                        KafkaFixture.produceSamples(p, topic, total / 4, total / 4);
                        awaitBlockedOnOffsets(db);
                        // b joins while a's batch is in flight: the group rebalances, and a's revocation can only
                        // come once that batch is committed
                        try (ControlPlaneServer b = ControlPlaneServer.start(db, kafka("rebalance"))) {
                            Thread.sleep(3000);
                            lock.rollback();
                            KafkaFixture.produceSamples(p, topic, total / 2, total / 4);
                            awaitAtLeast(db, total * 3 / 4);
                            long deadline = System.currentTimeMillis() + 60_000;
                            while (!b.http().get("/metrics").body().contains("mlctl_kafka_lag_records{")
                                    && System.currentTimeMillis() < deadline) {
                                Thread.sleep(200);
                            }
                            assertTrue(b.http().get("/metrics").body().contains("mlctl_kafka_lag_records{"),
                                    "b owns partitions");
                        } // b leaves while records flow: its partitions go back to a, at the offsets b stored
                    }
                    KafkaFixture.produceSamples(p, topic, total * 3 / 4, total / 4);
                }
                awaitEquals(total, rows(db, "rebalance"), "none lost, none doubled through two rebalances");
            }
        }
    }

    @Test
    void severalConsumersOfOneReplicaShareThePartitionsAndCountEveryRecordOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String topic = "threads-samples";
            KAFKA.createTopic(topic, 6);
            Map<String, Object> p = new LinkedHashMap<>(kafka("threads"));
            p.put("mlctl.kafka.consumers", 3);
            int total = 3000;
            try (ControlPlaneServer cp = ControlPlaneServer.start(db, p);
                 KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                KafkaFixture.monitoredModel(cp.http(), "threads");
                KafkaFixture.subscribe(cp.http(), "threads", topic, "mlctl", null);
                KafkaFixture.produceSamples(producer, topic, 0, total / 2);
                awaitEquals(total / 2, rows(db, "threads"), "first half");
                // three members of the group, each owning two of the six partitions once the group has settled
                // (the consumers join one after the other, so the first rebalances come before the last one)
                try (Admin admin = KAFKA.admin()) {
                    long deadline = System.currentTimeMillis() + 60_000;
                    ConsumerGroupDescription group;
                    do {
                        group = admin.describeConsumerGroups(List.of("threads")).all().get().get("threads");
                    } while (!settled(group, 3, 2) && System.currentTimeMillis() < deadline && sleep(200));
                    assertTrue(settled(group, 3, 2), "three consumers, two partitions each: " + group);
                }
                KafkaFixture.produceSamples(producer, topic, total / 2, total / 2);
                awaitEquals(total, rows(db, "threads"), "every record once");
            }
        }
    }

    private static boolean settled(ConsumerGroupDescription group, int members, int partitionsEach) {
        return group.groupState() == GroupState.STABLE && group.members().size() == members
                && group.members().stream().allMatch(m -> m.assignment().topicPartitions().size() == partitionsEach);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void databaseCutFor20SecondsPausesConsumptionAndSkipsNothing() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            URI u = URI.create(db.url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort())) {
                Map<String, Object> p = new LinkedHashMap<>(kafka("outage"));
                p.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath());
                p.put("datasources.default.connection-timeout", 1000);
                String topic = "outage-samples";
                KAFKA.createTopic(topic, 3);
                try (ControlPlaneServer cp = ControlPlaneServer.start(db, p);
                     KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                    KafkaFixture.monitoredModel(cp.http(), "outage");
                    KafkaFixture.subscribe(cp.http(), "outage", topic, "mlctl", null);
                    KafkaFixture.produceSamples(producer, topic, 0, 500);
                    awaitEquals(500, rows(db, "outage"), "before the outage");

                    proxy.cut();
                    // records keep coming while the database is away for 20 s
                    for (int second = 0; second < 20; second++) {
                        KafkaFixture.produceSamples(producer, topic, 500 + second * 50, 50);
                        Thread.sleep(1000);
                    }
                    proxy.restore();
                    awaitEquals(1500, rows(db, "outage"), "consumption resumed at the stored offsets");
                }
            }
        }
    }

    /** Waits until a session waits for a row lock of kafka_offset (a's batch, in flight). */
    private static void awaitBlockedOnOffsets(TestDatabase db) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                         + "AND query LIKE '%kafka_offset%' AND datname = current_database()")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no batch waited for the offset row");
    }

    private static void awaitAtLeast(TestDatabase db, long n) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (KafkaFixture.windowRows(db, "rebalance") < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
