// Kafka ingest benchmark of the mlctl control plane (bench/kafka-ingest.sh runs it; JDK 17). The class path is the
// CLI's jar, whose manifest lists Kafka's jars (kafka-clients for the producer, kafka-broker for the local broker):
//
//   java -cp cli/target/mlctl.jar bench/KafkaLoad.java broker --dir DIR
//        starts a local single-node KRaft broker (LocalKafkaBroker, a child JVM), prints "bootstrap HOST:PORT" and
//        keeps it running until this process is terminated (SIGTERM stops the broker too)
//   java -cp cli/target/mlctl.jar bench/KafkaLoad.java run --server URL --token T --bootstrap HOST:PORT \
//        [--features 20] [--records 3000000] [--partitions 6] [--rate 75000] [--warm 30] [--pause 60] [--max-wait 900]
//        [--cpu NAME:PID,...] [--pg-db DATABASE] [--catch-up true|false]
//
// "run" registers a model whose schema has N numeric features and a numeric prediction, uploads a reference, creates
// a topic and then measures two things through the server's own counter of records consumed and committed to the
// database (mlctl_kafka_records_consumed_total on /metrics):
//   1. drain: --records sample lines (N features each) are produced first, then the version is subscribed; the time
//      from the subscription to the last record committed gives records/s and feature values/s (broker, producer
//      done, and server on the same machine);
//   2. catch-up: a producer writes at --rate records/s; after --warm seconds the subscription is removed (the
//      consumers stop; their offsets stay in the database), put back after --pause seconds, and the time until the
//      consumers are within half a second of production again is the catch-up time.
// With --cpu (and --pg-db) the drain also reports the CPU time (utime+stime from /proc) each named process and its
// descendants (the broker's child JVM) and the PostgreSQL backends of that database spent during the drain, per
// record: the figure that holds on a shared machine where wall time does not.
// Records carry ts = the time they are produced; run the server with a window and grace longer than the run (the
// script uses 30m) so that none is late.
import io.mlctl.kafka.broker.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class KafkaLoad {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String server;
    static String token;
    static final String MODEL = "kbench";
    static final String TOPIC = "kbench-samples";
    /** The server's consumer group (mlctl server's default --kafka-group). */
    static final String GROUP = "mlctl-control-plane";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length > 0 && args[0].equals("broker")) {
            broker(Path.of(o.get("dir")));
        } else if (args.length > 0 && args[0].equals("run")) {
            run(o);
        } else {
            System.err.println("usage: KafkaLoad broker --dir DIR | run --server URL --token T --bootstrap HOST:PORT ...");
            System.exit(64);
        }
    }

    static void broker(Path dir) throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir, 0, System.getProperty("java.class.path"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }));
        System.out.println("bootstrap " + broker.bootstrap());
        System.out.flush();
        stopped.await();
    }

    static void run(Map<String, String> o) throws Exception {
        server = o.get("server");
        token = o.get("token");
        String bootstrap = o.get("bootstrap");
        int features = Integer.parseInt(o.getOrDefault("features", "20"));
        long records = Long.parseLong(o.getOrDefault("records", "3000000"));
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "6"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "75000"));
        int warm = Integer.parseInt(o.getOrDefault("warm", "30"));
        int pause = Integer.parseInt(o.getOrDefault("pause", "60"));
        int maxWait = Integer.parseInt(o.getOrDefault("max-wait", "900"));
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String named : o.getOrDefault("cpu", "").split(",")) {
            if (!named.isBlank()) {
                pids.put(named.substring(0, named.indexOf(':')), Long.parseLong(named.substring(named.indexOf(':') + 1)));
            }
        }
        String pgDb = o.get("pg-db");
        boolean catchUp = Boolean.parseBoolean(o.getOrDefault("catch-up", "true"));

        setUp(features, bootstrap, partitions);
        progressAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        Lines lines = new Lines(features);
        System.out.printf(Locale.ROOT, "model %s: %d numeric features + prediction; topic %s, %d partitions; a record "
                + "is one sample line of ~%d bytes%n", MODEL, features, TOPIC, partitions, lines.sampleSize());

        // ---- 1. drain a backlog ----------------------------------------------------------------------------------
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long t0 = System.nanoTime();
            AtomicLong acked = new AtomicLong();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, lines.key(i), lines.next()), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "produced %d records in %.1f s (%.0f records/s, acknowledged %d), before "
                    + "the subscription%n", records, s, records / s, acked.get());
        }
        long before = consumed();
        Map<String, Long> cpu0 = cpuTicks(pids, pgDb);
        Map<String, Long> threads0 = pids.containsKey("server") ? threadTicks(pids.get("server")) : Map.of();
        subscribe();
        long t0 = System.nanoTime();
        long first = 0;
        long last = before;
        while (last - before < records) {
            // ~10 reads a second, more often close to the end (the end time stays exact to ~20 ms)
            long left = records - (last - before);
            double speed = first == 0 ? 0 : (last - before) / ((System.nanoTime() - first) / 1e9);
            Thread.sleep(speed <= 0 ? 100 : Math.max(20, Math.min(100, (long) (left / speed * 1000 / 2))));
            last = consumed();
            if (first == 0 && last > before) {
                first = System.nanoTime();
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(maxWait)) {
                System.out.printf("gave up after %d s: %d of %d consumed%n", maxWait, last - before, records);
                return;
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        double busy = (System.nanoTime() - first) / 1e9;
        if (metricsCounter() - before < records) { // the group's offsets ran ahead of the server's counter: never
            throw new IllegalStateException("committed offsets ahead of the server's count of records consumed");
        }
        System.out.printf(Locale.ROOT, "DRAIN: %d records consumed into windows in %.1f s from the subscription "
                + "(%.0f records/s, %.0f feature values/s); %.1f s from the first commit (%.0f records/s, %.0f feature "
                + "values/s)%n", records, total, records / total, records * features / total, busy, records / busy,
                records * features / busy);
        Map<String, Long> cpu1 = cpuTicks(pids, pgDb);
        if (!cpu0.isEmpty()) {
            StringBuilder line = new StringBuilder("CPU during the drain (from the subscription):");
            long sum = 0;
            for (String name : cpu1.keySet()) {
                long ticks = cpu1.get(name) - cpu0.getOrDefault(name, 0L);
                sum += ticks;
                line.append(String.format(Locale.ROOT, " %s %.1f s = %.2f us/record;", name, ticks / TICKS,
                        ticks / TICKS * 1e6 / records));
            }
            line.append(String.format(Locale.ROOT, " total %.1f s = %.2f us/record (%.0f records per CPU second)",
                    sum / TICKS, sum / TICKS * 1e6 / records, records / (sum / TICKS)));
            System.out.println(line);
            if (pids.containsKey("server")) {
                Map<String, Long> threads1 = threadTicks(pids.get("server"));
                StringBuilder t = new StringBuilder("server threads:");
                threads1.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> e.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> t.append(String.format(Locale.ROOT, " %s %.1f s;", e.getKey(), e.getValue() / TICKS)));
                System.out.println(t);
            }
        }
        if (!catchUp) {
            return;
        }

        // ---- 2. catch up after a pause ---------------------------------------------------------------------------
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        Thread p = new Thread(() -> produceAt(bootstrap, lines, rate, producing, produced), "producer");
        p.start();
        long base = consumed();
        long started = System.nanoTime();
        Thread.sleep(warm * 1000L);
        long c1 = consumed() - base;
        long p1 = produced.get();
        System.out.printf(Locale.ROOT, "producing at %.0f records/s for %d s: produced (acknowledged) %d, consumed %d%n",
                rate, warm, p1, c1);
        unsubscribe();
        long pausedAt = System.nanoTime();
        Thread.sleep(pause * 1000L);
        long consumedAtResume = consumed() - base;
        long backlog = produced.get() - consumedAtResume;
        subscribe();
        long resumedAt = System.nanoTime();
        System.out.printf(Locale.ROOT, "paused %d s (subscription removed, then put back): backlog %d records%n",
                TimeUnit.NANOSECONDS.toSeconds(resumedAt - pausedAt), backlog);
        double caughtUp = -1;
        while (System.nanoTime() - resumedAt < TimeUnit.SECONDS.toNanos(maxWait)) {
            Thread.sleep(250);
            long lag = produced.get() - (consumed() - base);
            if (lag <= rate / 2) {
                caughtUp = (System.nanoTime() - resumedAt) / 1e9;
                break;
            }
        }
        long consumedSince = consumed() - base - consumedAtResume;
        double producedRate = produced.get() / ((System.nanoTime() - started) / 1e9);
        producing.set(false);
        p.join();
        if (caughtUp < 0) {
            System.out.printf(Locale.ROOT, "CATCH-UP: not within %d s (producing %.0f records/s, acknowledged %.0f "
                    + "records/s on average; lag %d; consumed %.0f records/s since the pause)%n", maxWait, rate,
                    producedRate, produced.get() - (consumed() - base), consumedSince / (double) maxWait);
        } else {
            System.out.printf(Locale.ROOT, "CATCH-UP: %.1f s after a %d s pause with producers at %.0f records/s "
                    + "(%.0f feature values/s; acknowledged %.0f records/s on average; backlog %d records; consumed "
                    + "%.0f records/s meanwhile)%n", caughtUp, pause, rate, rate * features, producedRate, backlog,
                    consumedSince / caughtUp);
        }
    }

    /** Produces at {@code rate} records/s (in 10 ms steps) until told to stop. */
    static void produceAt(String bootstrap, Lines lines, double rate, AtomicBoolean producing, AtomicLong produced) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(TOPIC, lines.key(sent), lines.next()), (m, e) -> {
                        if (e == null) {
                            produced.incrementAndGet();
                        }
                    });
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sample lines of a fixed pool of feature values with the current time as ts (renewed every 100 ms). */
    static final class Lines {
        final byte[][] bodies = new byte[4096][];
        int i;
        long tsAt;
        byte[] prefix;

        Lines(int features) {
            Random r = new Random(42);
            for (int b = 0; b < bodies.length; b++) {
                StringBuilder sb = new StringBuilder("\"features\":{");
                for (int f = 0; f < features; f++) {
                    sb.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":")
                            .append(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 10 + f));
                }
                sb.append("},\"prediction\":").append(String.format(Locale.ROOT, "%.4f", r.nextDouble())).append('}');
                bodies[b] = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
        }

        byte[] next() {
            long now = System.nanoTime();
            if (prefix == null || now - tsAt > 100_000_000L) {
                prefix = ("{\"ts\":\"" + Instant.now() + "\",").getBytes(StandardCharsets.UTF_8);
                tsAt = now;
            }
            byte[] body = bodies[i++ & (bodies.length - 1)];
            byte[] line = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            System.arraycopy(body, 0, line, prefix.length, body.length);
            return line;
        }

        byte[] key(long n) {
            return Long.toString(n).getBytes(StandardCharsets.UTF_8);
        }

        int sampleSize() {
            return next().length;
        }
    }

    static void setUp(int features, String bootstrap, int partitions) throws Exception {
        StringBuilder schema = new StringBuilder("name: kbench-features\nfeatures:\n");
        for (int f = 0; f < features; f++) {
            schema.append("  - {name: f").append(f).append(", type: numeric}\n");
        }
        schema.append("prediction: {name: score, type: numeric}\n");
        send("POST", "/api/v1/schemas", "application/yaml", schema.toString(), 201);
        send("POST", "/api/v1/models", "application/json", "{\"name\":\"" + MODEL + "\"}", 201);
        send("POST", "/api/v1/models/" + MODEL + "/versions", "application/json",
                "{\"artifactUri\":\"s3://bench/kbench\",\"runtime\":\"custom\",\"schema\":\"kbench-features\"}", 201);
        Lines ref = new Lines(features);
        StringBuilder nd = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            nd.append(new String(ref.next(), StandardCharsets.UTF_8)).append('\n');
        }
        send("PUT", "/api/v1/models/" + MODEL + "/versions/1/profile", "application/x-ndjson", nd.toString(), 200);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    static void subscribe() throws Exception {
        send("PUT", "/api/v1/models/" + MODEL + "/versions/1/subscription", "application/json",
                "{\"topic\":\"" + TOPIC + "\",\"format\":\"mlctl\"}", 200);
    }

    static void unsubscribe() throws Exception {
        send("DELETE", "/api/v1/models/" + MODEL + "/versions/1/subscription", null, null, 204);
    }

    static final Pattern CONSUMED = Pattern.compile("^mlctl_kafka_records_consumed_total\\{[^}]*topic=\"" + TOPIC
            + "\"[^}]*} (\\S+)", Pattern.MULTILINE);

    static Admin progressAdmin;
    static long metricsRead;
    static long metricsAt;

    /**
     * Records of the topic the server consumed and committed: the larger of its /metrics counter (read at most once a
     * second: rendering /metrics costs the server CPU, and its JIT compiling the renderer, that a scrape every 100 ms
     * charged to the consumer) and the offsets its consumer group committed in Kafka (written right after each
     * database commit, so never ahead of it; free for the server).
     */
    static long consumed() throws Exception {
        long now = System.nanoTime();
        if (metricsAt == 0 || now - metricsAt > TimeUnit.SECONDS.toNanos(1)) {
            metricsRead = metricsCounter();
            metricsAt = now;
        }
        long committed = 0;
        for (var e : progressAdmin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).entrySet()) {
            if (e.getKey().topic().equals(TOPIC) && e.getValue() != null) {
                committed += e.getValue().offset();
            }
        }
        return Math.max(committed, metricsRead);
    }

    /** The server's mlctl_kafka_records_consumed_total of the topic (records committed to the database). */
    static long metricsCounter() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CONSUMED.matcher(r.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    static final double TICKS = 100.0;

    /**
     * utime+stime (ticks) of each named process with its descendants, and of the PostgreSQL backends connected to
     * {@code pgDb} (their command line names the database; backends that ended meanwhile are not counted).
     */
    static Map<String, Long> cpuTicks(Map<String, Long> pids, String pgDb) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(h -> {
            long t = ticks(pid);
            for (ProcessHandle d : (Iterable<ProcessHandle>) h.descendants()::iterator) {
                t += ticks(d.pid());
            }
            out.put(name, t);
        }));
        if (pgDb != null) {
            long t = 0;
            for (ProcessHandle h : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
                try {
                    String cmd = java.nio.file.Files.readString(Path.of("/proc/" + h.pid() + "/cmdline"));
                    if (cmd.startsWith("postgres: ") && cmd.contains(" " + pgDb + " ")) {
                        t += ticks(h.pid());
                    }
                } catch (java.io.IOException ignored) {
                    // ended meanwhile
                }
            }
            out.put("postgres", t);
        }
        return out;
    }

    /** utime+stime (ticks) of a process's threads by name (digits dropped: "GC Thread#0" and "#1" add up). */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> out = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // ended meanwhile
            }
        }
        return out;
    }

    static long ticks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static void send(String method, String path, String type, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
    }
}
