package io.mlctl.logger;

import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.SampleRow;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The {@code --sink kafka} shipper: decodes pairs like {@link Shipper} and publishes every sample row to a topic as
 * one record, valued the sample line the control plane's {@code /samples} takes (the subscription format
 * {@code mlctl}, docs/KAFKA.md) and keyed by the request id, so that all rows of one request share a partition.
 *
 * <p>The official producer batches (linger, compression) and retries by itself; it is idempotent with
 * {@code acks=all}, so a retried batch is never written twice. Bounded like the HTTP path: the producer holds at most
 * {@code buffer.memory} (the logger's {@code --queue-memory}) and waits at most {@code max.block.ms} for room or for
 * the topic's metadata; while it waits the {@link PairQueue} fills and drops its oldest pairs (counted). A record
 * the broker did not acknowledge within {@code delivery.timeout.ms} ({@code --retry-for}) is counted as
 * {@code send_failed}. {@code mlctl_logger_samples_sent_total} counts the records the broker acknowledged.
 */
final class KafkaShipper extends SampleShipper {

    /** Where the records go and the producer's complete configuration (checked when the options are read). */
    record Settings(String topic, Map<String, Object> producer) {
        String bootstrap() {
            return String.valueOf(producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        }
    }

    // the logger's own settings: the properties file must not change what the record format and the exactly-once
    // count depend on
    private static final List<String> FIXED = List.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /**
     * The producer's configuration: the client properties file (SASL, TLS, tuning) under the logger's fixed
     * choices, defaults for what neither sets. A key that is neither a producer nor a consumer property (a typo) is
     * refused; consumer-only keys of a shared client.properties are left out.
     */
    static Settings settings(String topic, String bootstrap, Path configFile, String model, int version,
                             Duration connectTimeout, Duration sendTimeout, Duration retryFor, long bufferBytes) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--sink kafka needs --topic");
        }
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw new IllegalArgumentException("--topic: " + e.getMessage());
        }
        Map<String, Object> p = new HashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("--kafka-config: cannot read " + configFile + ": " + e.getMessage());
            }
            TreeSet<String> unknown = new TreeSet<>();
            for (String key : file.stringPropertyNames()) {
                String value = file.getProperty(key).trim();
                if (FIXED.contains(key)) {
                    throw new IllegalArgumentException("--kafka-config: " + key + " is set by the logger (records "
                            + "are sample lines keyed by request id, sent by an idempotent producer)");
                }
                if (key.equals(ProducerConfig.ACKS_CONFIG) && !value.equals("all") && !value.equals("-1")) {
                    throw new IllegalArgumentException("--kafka-config: acks must stay all (a record acknowledged "
                            + "by the leader alone can be lost), not " + value);
                }
                if (key.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !value.equalsIgnoreCase("true")) {
                    throw new IllegalArgumentException("--kafka-config: enable.idempotence must stay true (a "
                            + "retried batch would otherwise be written, and counted, twice)");
                }
                if (ProducerConfig.configNames().contains(key)) {
                    p.put(key, value);
                } else if (!ConsumerConfig.configNames().contains(key)) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--kafka-config: not Kafka client properties: "
                        + String.join(", ", unknown));
            }
        }
        if (bootstrap != null && !bootstrap.isBlank()) {
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.trim());
        } else if (!p.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("--sink kafka needs --kafka-bootstrap HOST:PORT (or bootstrap.servers "
                    + "in --kafka-config)");
        }
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // defaults the file may change: lz4 is the cheapest codec per byte saved on this kind of text; 20 ms of
        // linger fills batches at high rates while adding nothing an inference would notice (it is off its path)
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "mlctl-logger-" + model + "-" + version);
        // the logger's own bounds, in Kafka's terms
        p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(connectTimeout.toMillis()));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(sendTimeout.toMillis()));
        long linger = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)).trim());
        long request = Long.parseLong(String.valueOf(p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).trim());
        // Kafka refuses a delivery timeout below linger + request timeout
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(retryFor.toMillis(), linger + request)));
        try {
            new ProducerConfig(p); // every value checked now, so a bad file is a usage error and not a failed start
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--kafka-config: " + e.getMessage());
        }
        return new Settings(topic, Map.copyOf(p));
    }

    private final PairQueue queue;
    private final LoggerMetrics metrics;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration shutdownTimeout;
    private final Shipper.RateLimitedLog log = new Shipper.RateLimitedLog();
    private final Callback acknowledged = this::acknowledged;
    private volatile long stopDeadlineNanos;
    private volatile String lastError;
    private volatile boolean lastOk;
    private volatile long lastAtMillis;

    KafkaShipper(PairQueue queue, Settings settings, LoggerMetrics metrics, Duration shutdownTimeout, CpuBudget budget) {
        super(budget);
        this.queue = queue;
        this.metrics = metrics;
        this.topic = settings.topic();
        this.shutdownTimeout = shutdownTimeout;
        // creating the producer connects to nothing yet: a broker that is down does not stop the logger starting
        this.producer = new KafkaProducer<>(settings.producer());
    }

    @Override
    void stop() {
        stopDeadlineNanos = System.nanoTime() + shutdownTimeout.toNanos();
        super.stop();
    }

    @Override
    String lastSend() {
        if (lastAtMillis == 0) {
            return "nothing sent yet";
        }
        return lastOk ? "ok: records acknowledged by topic " + topic : lastError;
    }

    @Override
    Instant lastSendAt() {
        long at = lastAtMillis;
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    @Override
    public void run() {
        try {
            while (true) {
                ExchangeDecoder d = decoderUnlessStopped();
                if (d == null) {
                    return; // no schema: nothing could be decoded
                }
                Exchange pair = queue.poll(stopping() ? 0 : TimeUnit.MILLISECONDS.toNanos(200));
                if (pair == null) {
                    if (stopping()) {
                        return;
                    }
                    continue;
                }
                List<SampleRow> rows = decode(d, pair);
                for (SampleRow row : rows) {
                    send(pair.requestId(), row);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        } finally {
            // what the producer still holds is sent within the shutdown timeout; what is left then is failed by the
            // producer's forced close, and its callbacks count it as dropped (shutdown)
            long left = stopping() ? stopDeadlineNanos - System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(500) : 0;
            producer.close(Duration.ofNanos(Math.max(0, left)));
        }
    }

    private List<SampleRow> decode(ExchangeDecoder d, Exchange pair) {
        return decodeCounted(d, pair, metrics, log);
    }

    private void send(String key, SampleRow row) throws InterruptedException {
        byte[] line = row.toJsonLine().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, line), acknowledged);
        } catch (InterruptException e) {
            metrics.dropped(LoggerMetrics.SHUTDOWN, 1);
            throw new InterruptedException(e.getMessage());
        } catch (KafkaException e) {
            // no room in the producer's buffer or no metadata for the topic within max.block.ms (the broker is down
            // or the topic does not exist), or a record the producer refuses outright (too large)
            failed(e);
        }
    }

    private void acknowledged(RecordMetadata metadata, Exception e) {
        if (e == null) {
            metrics.sent.inc();
            lastOk = true;
            lastAtMillis = System.currentTimeMillis();
        } else {
            failed(e);
        }
    }

    private void failed(Exception e) {
        String reason = stopping() ? LoggerMetrics.SHUTDOWN
                : e instanceof RetriableException ? LoggerMetrics.SEND_FAILED : LoggerMetrics.REJECTED;
        metrics.dropped(reason, 1);
        String why = "topic " + topic + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        lastError = (reason.equals(LoggerMetrics.REJECTED) ? "rejected: " : "failed: ") + why;
        lastOk = false;
        lastAtMillis = System.currentTimeMillis();
        log.print("kafka_" + reason, "mlctl logger: a sample record was lost (" + reason.toLowerCase(Locale.ROOT)
                + "), " + why);
    }
}
