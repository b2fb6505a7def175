package io.mlctl.controlplane.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.micronaut.core.annotation.Nullable;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.kafka.Subscription;
import io.mlctl.api.kafka.SubscriptionFormat;
import io.mlctl.controlplane.cloudevents.CloudEventIngest;
import io.mlctl.controlplane.ingest.RejectReason;
import io.mlctl.controlplane.ingest.RowError;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.ingest.StreamIngest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka consumer of {@code mlctl server --kafka-bootstrap} (docs/KAFKA.md), on its own thread. Every replica runs
 * {@code --kafka-consumers} of them ({@link KafkaConsumers}), all in one consumer group, so the consumers of every
 * replica share the partitions of the subscribed topics; the topic set follows the subscriptions table
 * (re-subscribing when it changes).
 *
 * <p>Exactly once: the records of one partition from one poll are folded into the window partials and the
 * partition's next offset is written to {@code kafka_offset} in one database transaction. On assignment a partition
 * is positioned at its stored offset (the database, not Kafka, owns the position; Kafka's committed offsets are
 * written after the commit, for tools only). All work happens on the polling thread, so a revocation (which runs
 * inside {@code poll}) always finds the batch in flight finished. A consumer that lost a partition without noticing
 * (a long pause) is fenced by the offset row's lock: it finds the offset moved past its batch and drops it. When the
 * database fails, nothing of the batch is stored: the partitions are paused and repositioned from the stored offsets
 * once it answers again (with backoff), so nothing is skipped.
 *
 * <p>Bad records (bad JSON, schema violations, undecodable pairs, records for a version without a subscription) are
 * counted with their reason, copied to the subscription's dead-letter topic when it has one, and their offsets
 * advance like the others': they never block their partition.
 */
public class KafkaIngestor {
    /** The actor of ingest batches written by the consumer (the {@code created_by} of {@code ingest_batch}). */
    static final String ACTOR = "kafka";
    /** Optional record headers that route a record to one subscribed version of a topic several versions read. */
    public static final String MODEL_HEADER = "mlctl-model";
    public static final String VERSION_HEADER = "mlctl-version";
    /** Headers of a dead-letter copy. */
    public static final String DLQ_REASON = "mlctl-dlq-reason";
    public static final String DLQ_DETAIL = "mlctl-dlq-detail";
    public static final String DLQ_TOPIC = "mlctl-dlq-topic";
    public static final String DLQ_PARTITION = "mlctl-dlq-partition";
    public static final String DLQ_OFFSET = "mlctl-dlq-offset";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestor.class);
    private static final long MAX_BACKOFF_MS = 5_000;
    /** Distinct client ids for replicas sharing a JVM (tests). */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final Jdbc jdbc;
    private final SubscriptionStore subscriptions;
    private final StreamIngest ingest;
    private final CloudEventIngest cloudEvents;
    private final KafkaMetrics metrics;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final Duration refreshEvery;
    private final RecordDecoder decoder = new RecordDecoder();
    private final Thread thread;
    private volatile boolean running = true;

    // state of the polling thread only
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private Map<String, List<Subscription>> byTopic = Map.of();
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    /** Schema and reference per version, read once per poll (the partitions' folds share them). */
    private final Map<Subscription, StreamIngest.Target> versions = new HashMap<>();
    private long refreshedAt;
    private long backoffMs;

    KafkaIngestor(Jdbc jdbc, SubscriptionStore subscriptions, StreamIngest ingest, CloudEventIngest cloudEvents,
                  KafkaMetrics metrics, String bootstrap, String group, @Nullable String configFile,
                  Duration refreshEvery, int index) throws IOException {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
        this.ingest = ingest;
        this.cloudEvents = cloudEvents;
        this.metrics = metrics;
        this.refreshEvery = refreshEvery;
        Map<String, Object> client = new HashMap<>();
        if (configFile != null && !configFile.isBlank()) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(configFile))) {
                p.load(in);
            }
            p.forEach((k, v) -> client.put(k.toString(), v));
        }
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig = new HashMap<>(client);
        // defaults a client.properties may change
        // larger polls and fetches: each partition's batch is one transaction and one partial profile per window,
        // so fewer, fuller batches are what makes a backlog drain fast (docs/BENCHMARKS.md, Kafka ingest)
        consumerConfig.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        consumerConfig.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "mlctl-" + ProcessHandle.current().pid() + "-"
                + INSTANCES.incrementAndGet());
        // what exactly-once rests on: never
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        producerConfig = new HashMap<>(client);
        producerConfig.keySet().removeIf(k -> ConsumerConfig.configNames().contains(k)
                && !ProducerConfig.configNames().contains(k));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        thread = new Thread(this::run, "kafka-ingest-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the polling thread to stop: it finishes the batch in flight and leaves the group. */
    void stopping() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Waits for the polling thread after {@link #stopping()}. */
    void awaitStop() throws InterruptedException {
        // no interrupt: the consumer then leaves the group cleanly (its partitions move at once)
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig)) {
            consumer = c;
            while (running) {
                try {
                    step();
                    backoffMs = 0;
                } catch (WakeupException | InterruptedException e) {
                    if (!running) {
                        break;
                    }
                } catch (RuntimeException e) {
                    pauseAll(e);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("the Kafka consumer stopped", e);
        } finally {
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Database or broker trouble: nothing of the batch in flight was stored. Every owned partition is paused and
     * will be positioned from the stored offsets again once the database answers; meanwhile the consumer keeps
     * polling (paused partitions return nothing) so the group does not drop it, backing off up to 5 s.
     */
    private void pauseAll(RuntimeException e) {
        backoffMs = backoffMs == 0 ? 250 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        LOG.warn("Kafka ingest paused for {} ms: {}", backoffMs, rootMessage(e));
        try {
            Set<TopicPartition> owned = consumer.assignment();
            consumer.pause(owned);
            unpositioned.addAll(owned);
            pause(backoffMs);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // the consumer itself is in trouble: the next step tells
        }
    }

    /** Sleeps in short steps, so that a stop is not held up by a backoff. */
    private void pause(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
        }
    }

    private void step() throws InterruptedException {
        refreshSubscriptions();
        if (byTopic.isEmpty()) {
            pause(Math.min(1000, refreshEvery.toMillis()));
            return;
        }
        position();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        versions.clear();
        List<TopicPartition> parts = new ArrayList<>(records.partitions());
        for (int i = 0; i < parts.size(); i++) {
            TopicPartition tp = parts.get(i);
            try {
                process(tp, records.records(tp));
            } catch (RuntimeException e) {
                // this partition's batch and the later ones of this poll were not stored: read them again
                Set<TopicPartition> again = new HashSet<>(parts.subList(i, parts.size()));
                consumer.pause(again);
                unpositioned.addAll(again);
                throw e;
            }
        }
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                metrics.lag(tp.topic(), tp.partition(), lag.getAsLong());
            }
        }
    }

    /** Re-reads the subscriptions every {@code mlctl.kafka.refresh}; subscribes anew when the topic set changed. */
    private void refreshSubscriptions() {
        long now = System.nanoTime();
        if (refreshedAt != 0 && now - refreshedAt < refreshEvery.toNanos()) {
            return;
        }
        Map<String, List<Subscription>> next = new LinkedHashMap<>();
        for (Subscription s : subscriptions.all()) {
            next.computeIfAbsent(s.topic(), t -> new ArrayList<>()).add(s);
        }
        refreshedAt = now;
        if (!next.keySet().equals(byTopic.keySet())) {
            if (next.isEmpty()) {
                consumer.unsubscribe();
                unpositioned.clear();
            } else {
                consumer.subscribe(new TreeSet<>(next.keySet()), new Rebalance());
            }
            LOG.info("Kafka topics subscribed: {}", next.keySet());
        }
        byTopic = next;
    }

    /** Seeks the partitions waiting for it to their stored offsets (the beginning when none) and resumes them. */
    private void position() {
        if (unpositioned.isEmpty()) {
            return;
        }
        unpositioned.retainAll(consumer.assignment());
        Map<TopicPartition, Long> stored = jdbc.read(c -> ConsumedOffsets.read(c, unpositioned));
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : unpositioned) {
            Long at = stored.get(tp);
            if (at != null) {
                consumer.seek(tp, at);
            } else {
                fresh.add(tp);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
        consumer.resume(unpositioned);
        unpositioned.clear();
    }

    /** Runs inside {@code poll}, between two batches: nothing is in flight then. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // paused until positioned from the database, so no record is returned from a position Kafka chose
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            try {
                position();
            } catch (RuntimeException e) {
                LOG.warn("cannot read the stored Kafka offsets yet: {}", rootMessage(e));
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
            for (TopicPartition tp : partitions) {
                metrics.forget(tp.topic(), tp.partition());
            }
        }
    }

    /**
     * A record that cannot be used; {@code subscription} is the one whose dead-letter topic gets it, and whose
     * version's {@code mlctl_samples_rejected_total} counts it when {@code reached} (a record for an unknown version
     * reached none).
     */
    private record Bad(ConsumerRecord<byte[], byte[]> record, @Nullable Subscription subscription, boolean reached,
                       String reason, String detail) {
        Bad(ConsumerRecord<byte[], byte[]> record, Subscription subscription, String reason, String detail) {
            this(record, subscription, true, reason, detail);
        }
    }

    /** The stored offset moved past this batch: another consumer folded it. */
    private static final class Fenced extends RuntimeException {
        final long at;

        Fenced(long at) {
            super("fenced at " + at, null, false, false);
            this.at = at;
        }
    }

    private void process(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Subscription> subs = byTopic.getOrDefault(tp.topic(), List.of());
        if (subs.isEmpty()) {
            // records fetched just before the topic's last subscription went: not ours to count any more; the
            // partition leaves with the rebalance the new topic set started
            consumer.seek(tp, records.get(0).offset());
            return;
        }
        if (subs.stream().allMatch(s -> s.format() == SubscriptionFormat.cloudevents)) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (!processEvent(tp, r, route(r, subs))) {
                    return;
                }
            }
            return;
        }
        long first = records.get(0).offset();
        long next = records.get(records.size() - 1).offset() + 1;
        Instant now = Instant.now();
        Map<Subscription, StreamIngest.Fold> folds = new LinkedHashMap<>();
        Map<Subscription, ProblemException> unusable = new HashMap<>();
        List<Bad> bad = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            List<Subscription> targets = route(r, subs);
            if (targets.isEmpty()) {
                bad.add(unknownVersion(r, subs));
                continue;
            }
            for (Subscription s : targets) {
                if (s.format() == SubscriptionFormat.cloudevents) {
                    bad.add(new Bad(r, s, RejectReason.UNDECODABLE.label(), "topic " + tp.topic() + " mixes "
                            + "CloudEvents with other formats; a CloudEvents topic needs its own subscriptions"));
                    continue;
                }
                StreamIngest.Fold fold = folds.get(s);
                if (fold == null && !unusable.containsKey(s)) {
                    try {
                        StreamIngest.Target target = versions.get(s);
                        if (target == null) {
                            target = ingest.target(s.model(), s.version());
                            versions.put(s, target);
                        }
                        fold = ingest.begin(target, now);
                        folds.put(s, fold);
                    } catch (ProblemException e) {
                        if (e.status() >= 500) {
                            throw e;
                        }
                        unusable.put(s, e);
                    }
                }
                if (fold == null) {
                    ProblemException e = unusable.get(s);
                    bad.add(new Bad(r, s, (e.status() == 404 ? RejectReason.UNKNOWN_VERSION
                            : RejectReason.NOT_MONITORED).label(), e.getMessage()));
                    continue;
                }
                RowError error = decoder.add(s.format(), r, fold);
                if (error != null) {
                    bad.add(new Bad(r, s, error.kind().label(), "line " + error.line() + ": " + error.reason()));
                }
            }
        }
        deadLetter(bad);
        Set<Subscription> late = new HashSet<>();
        String key = batchKey(tp, first);
        Map<Subscription, StreamIngest.Stored> stored;
        while (true) { // at most once more per version
            try {
                stored = jdbc.write(c -> {
                    OptionalLong at = ConsumedOffsets.lock(c, tp);
                    if (at.isPresent() && at.getAsLong() > first) {
                        throw new Fenced(at.getAsLong());
                    }
                    Map<Subscription, StreamIngest.Stored> out = new LinkedHashMap<>();
                    for (Map.Entry<Subscription, StreamIngest.Fold> f : folds.entrySet()) {
                        out.put(f.getKey(), late.contains(f.getKey()) ? f.getValue().countLate()
                                : f.getValue().store(key, ACTOR));
                    }
                    ConsumedOffsets.store(c, tp, at.isPresent(), next);
                    return out;
                });
                break;
            } catch (Fenced f) {
                consumer.seek(tp, f.at);
                return;
            } catch (ProblemException e) {
                // every window of a version's rows closed while the batch was being stored (BatchStore answers 422):
                // store the batch again with that version's rows counted as late
                Subscription culprit = e.status() == 422 ? lateOne(folds, late) : null;
                if (culprit == null) {
                    throw e;
                }
                late.add(culprit);
            }
        }
        // committed: count, and tell Kafka (informational: positions come from the database)
        stored.forEach((s, st) -> folds.get(s).committed(st));
        metrics.consumed(tp.topic(), records.size());
        for (Bad b : bad) {
            metrics.rejected(tp.topic(), b.reason());
            if (b.subscription() != null && b.reached()) {
                RejectReason reason = reasonOf(b.reason());
                if (reason != null) {
                    ingest.rejected(b.subscription().model(), b.subscription().version(), reason, 1);
                }
            }
        }
        consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(next)), null);
    }

    /**
     * The subscription of the fold whose store answered 422: folds are stored in order, so it is the first with rows
     * not yet known to be late (null: none, the 422 came from elsewhere).
     */
    private static Subscription lateOne(Map<Subscription, StreamIngest.Fold> folds, Set<Subscription> late) {
        for (Map.Entry<Subscription, StreamIngest.Fold> f : folds.entrySet()) {
            if (!late.contains(f.getKey()) && f.getValue().rows() > 0) {
                return f.getKey();
            }
        }
        return null;
    }

    /**
     * A CloudEvents topic: each record in a transaction of its own, because a half waits in the database for its
     * partner (CloudEventIngest pairs them by ce-id, across partitions and replicas) and a refused event must not
     * undo the others. The event's writes and the next offset commit together. Answers false when fenced.
     */
    private boolean processEvent(TopicPartition tp, ConsumerRecord<byte[], byte[]> r, List<Subscription> targets) {
        Bad bad = null;
        CloudEvent event = null;
        if (targets.isEmpty()) {
            bad = unknownVersion(r, byTopic.getOrDefault(tp.topic(), List.of()));
        } else {
            try {
                event = KafkaMessageFactory.createReader(r).toEvent();
            } catch (CloudEventRWException | IllegalArgumentException | IllegalStateException e) {
                bad = new Bad(r, targets.get(0), RejectReason.MALFORMED.label(), "not a binary-mode CloudEvent: "
                        + e.getMessage());
            }
        }
        if (bad == null) {
            CloudEvent e = event;
            try {
                if (!commitOffset(tp, r.offset(), c -> {
                    for (Subscription s : targets) {
                        cloudEvents.receive(s.model(), s.version(), e, ACTOR);
                    }
                })) {
                    return false;
                }
                metrics.consumed(tp.topic(), 1);
                consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)), null);
                return true;
            } catch (ProblemException p) {
                if (p.status() >= 500) {
                    throw p;
                }
                bad = new Bad(r, targets.get(0), p.status() == 404 ? RejectReason.UNKNOWN_VERSION.label()
                        : p.status() == 409 ? RejectReason.NOT_MONITORED.label()
                        : RejectReason.UNDECODABLE.label(), p.getMessage());
            }
        }
        deadLetter(List.of(bad));
        if (!commitOffset(tp, r.offset(), c -> { })) {
            return false;
        }
        metrics.consumed(tp.topic(), 1);
        metrics.rejected(tp.topic(), bad.reason());
        consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)), null);
        return true;
    }

    private interface Work {
        void run(Connection c) throws java.sql.SQLException;
    }

    /** Runs {@code work} and stores {@code offset + 1} in one transaction; false (and a seek) when fenced. */
    private boolean commitOffset(TopicPartition tp, long offset, Work work) {
        try {
            jdbc.write(c -> {
                OptionalLong at = ConsumedOffsets.lock(c, tp);
                if (at.isPresent() && at.getAsLong() > offset) {
                    throw new Fenced(at.getAsLong());
                }
                work.run(c);
                ConsumedOffsets.store(c, tp, at.isPresent(), offset + 1);
                return null;
            });
            return true;
        } catch (Fenced f) {
            consumer.seek(tp, f.at);
            return false;
        }
    }

    /** All subscriptions of the topic, or the one its routing headers name (none: an unknown version). */
    private static List<Subscription> route(ConsumerRecord<byte[], byte[]> r, List<Subscription> subs) {
        Header model = r.headers().lastHeader(MODEL_HEADER);
        Header version = r.headers().lastHeader(VERSION_HEADER);
        if (model == null && version == null) {
            return subs;
        }
        String m = model == null ? null : new String(model.value(), StandardCharsets.UTF_8);
        String v = version == null ? null : new String(version.value(), StandardCharsets.UTF_8);
        List<Subscription> out = new ArrayList<>(1);
        for (Subscription s : subs) {
            if ((m == null || s.model().equals(m)) && (v == null || String.valueOf(s.version()).equals(v))) {
                out.add(s);
            }
        }
        return out;
    }

    private static Bad unknownVersion(ConsumerRecord<byte[], byte[]> r, List<Subscription> subs) {
        Header model = r.headers().lastHeader(MODEL_HEADER);
        Header version = r.headers().lastHeader(VERSION_HEADER);
        String named = (model == null ? "?" : new String(model.value(), StandardCharsets.UTF_8)) + " version "
                + (version == null ? "?" : new String(version.value(), StandardCharsets.UTF_8));
        // its dead-letter topic is the first one a subscription of this topic names
        Subscription withDlq = subs.stream().filter(s -> s.deadLetterTopic() != null).findFirst().orElse(null);
        return new Bad(r, withDlq, false, RejectReason.UNKNOWN_VERSION.label(), "no subscription of topic "
                + r.topic() + " for model " + named);
    }

    /**
     * Copies bad records to their dead-letter topics and waits for the broker's acknowledgement, before the
     * batch's transaction: a crash in between repeats the batch, and so the copy (at least once), never loses it.
     */
    private void deadLetter(List<Bad> bad) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Bad b : bad) {
            if (b.subscription() == null || b.subscription().deadLetterTopic() == null) {
                continue;
            }
            if (deadLetters == null) {
                deadLetters = new KafkaProducer<>(producerConfig);
            }
            ConsumerRecord<byte[], byte[]> r = b.record();
            RecordHeaders headers = new RecordHeaders(r.headers().toArray());
            headers.add(DLQ_REASON, b.reason().getBytes(StandardCharsets.UTF_8));
            String detail = b.detail() == null ? "" : b.detail();
            headers.add(DLQ_DETAIL, detail.substring(0, Math.min(1000, detail.length()))
                    .getBytes(StandardCharsets.UTF_8));
            headers.add(DLQ_TOPIC, r.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(DLQ_PARTITION, String.valueOf(r.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(DLQ_OFFSET, String.valueOf(r.offset()).getBytes(StandardCharsets.UTF_8));
            sent.add(deadLetters.send(new ProducerRecord<>(b.subscription().deadLetterTopic(), null, r.timestamp(),
                    r.key(), r.value(), headers)));
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot copy a bad record to its dead-letter topic: "
                        + rootMessage(e), e);
            }
        }
    }

    /** The ingest_batch key of a poll's batch: unique per partition and first offset. */
    static String batchKey(TopicPartition tp, long first) {
        String key = "kafka:" + tp.partition() + ":" + first + ":" + tp.topic();
        return key.length() <= 200 ? key : key.substring(0, 200);
    }

    private static RejectReason reasonOf(String label) {
        for (RejectReason r : RejectReason.values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
