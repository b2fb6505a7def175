package io.mlctl.kafka.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker in KRaft mode (one process that is both broker and controller), run from
 * the Kafka jars on this JVM's class path in a child JVM of its own: tests can kill it (SIGKILL) or stop it and start
 * it again on the same port and data directory, and the process that uses it never shares a JVM (heap, threads,
 * logging) with it. {@code mlctl demo --kafka} uses it too.
 *
 * <pre>{@code
 * try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, 0)) {
 *     String bootstrap = broker.bootstrap();   // 127.0.0.1:PORT
 *     broker.kill(); broker.restart();         // same port, same data
 * }
 * }</pre>
 */
public final class LocalKafkaBroker implements AutoCloseable {
    static final String CONFIG_FILE = "server.properties";
    static final String CLUSTER_ID_KEY = "mlctl.cluster.id";
    static final String PORT_KEY = "mlctl.port";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Starts of a fresh directory whose broker exited at once (a port taken meanwhile), each on new ports. */
    private static final int START_ATTEMPTS = 3;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final String classPath;
    private Process process;

    private LocalKafkaBroker(Path dir, int port, String classPath) {
        this.dir = dir;
        this.port = port;
        this.classPath = classPath;
    }

    /**
     * Starts a broker on {@code port} (0: a free one, kept for restarts) with its logs and metadata under {@code dir}
     * (created; formatted on the first start; a directory used before keeps its port, cluster id and topics).
     * Returns once the broker serves. The child JVM runs with this JVM's class path.
     */
    public static LocalKafkaBroker start(Path dir, int port) throws IOException {
        return start(dir, port, System.getProperty("java.class.path"));
    }

    /** As {@link #start(Path, int)}, with the class path (Kafka's jars and this module) given. */
    public static LocalKafkaBroker start(Path dir, int port, String classPath) throws IOException {
        Path abs = dir.toAbsolutePath();
        Files.createDirectories(abs);
        Path config = abs.resolve(CONFIG_FILE);
        for (int attempt = 1; ; attempt++) {
            boolean fresh = !Files.exists(config);
            int brokerPort;
            if (!fresh) {
                Properties existing = load(config);
                brokerPort = Integer.parseInt(existing.getProperty(PORT_KEY));
                if (port != 0 && port != brokerPort) {
                    throw new IllegalArgumentException(abs + " belongs to a broker on port " + brokerPort + ", not "
                            + port);
                }
            } else {
                int[] free = freePorts(2);
                brokerPort = port == 0 ? free[0] : port;
                writeConfig(config, abs, brokerPort, free[1]);
            }
            LocalKafkaBroker broker = new LocalKafkaBroker(abs, brokerPort, classPath);
            try {
                broker.launch();
                return broker;
            } catch (IOException e) {
                // A port found free is an ephemeral one, which any outgoing connection may take before the broker
                // binds it (a busy test run lost two brokers that way in three): a fresh directory whose ports we
                // chose starts again on others. A directory used before keeps its ports, so it fails as it is.
                if (!fresh || port != 0 || attempt == START_ATTEMPTS || !(e.getCause() instanceof Exited)) {
                    throw e;
                }
                Files.delete(config);
                deleteTree(abs.resolve("logs"));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void writeConfig(Path config, Path dir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        // one node: every internal topic has one replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        // a consumer group forms at once instead of after 3 s, and a crashed member's partitions move within the
        // consumers' own session timeout
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.setProperty(PORT_KEY, String.valueOf(port));
        p.setProperty(CLUSTER_ID_KEY, base64Uuid());
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, "local single-node KRaft broker (mlctl kafka-broker)");
        }
    }

    /** A Kafka cluster id: a random UUID in URL-safe base64 without padding (what {@code kafka-storage random-uuid} prints). */
    private static String base64Uuid() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
                // Kafka logs through log4j2: warnings and errors only, to the log file below
                "-Dorg.apache.logging.log4j.level=WARN", "-Dlogback.configurationFile=" + logbackConfig(),
                "-cp", classPath, BrokerMain.class.getName(), dir.toString()));
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p.getInputStream(), log, ready), "kafka-broker-log");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                    + log, e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
        process = p;
    }

    /**
     * The child shares the caller's class path, which may carry Logback (the control plane's, the CLI's) as the
     * SLF4J binding: a configuration of our own keeps the broker at WARN wherever it runs.
     */
    private Path logbackConfig() throws IOException {
        Path f = dir.resolve("logback-broker.xml");
        if (!Files.exists(f)) {
            Files.writeString(f, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """, StandardCharsets.UTF_8);
        }
        return f;
    }

    private static void pump(InputStream in, Path log, CompletableFuture<Void> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (line.startsWith(BrokerMain.READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException ignored) {
            // the process is gone; the future below says so
        }
        ready.completeExceptionally(new Exited("the broker process exited; see " + log));
    }

    /** The broker's process ended before it served. */
    private static final class Exited extends IOException {
        Exited(String message) {
            super(message);
        }
    }

    /** {@code 127.0.0.1:PORT}, the {@code bootstrap.servers} of clients. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM: controlled shutdown, logs flushed); SIGKILL after a minute. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGKILL: no controlled shutdown, no flush; the next start recovers the logs. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the broker again on the same port and data directory (stopping it first if it runs). */
    public void restart() throws IOException, InterruptedException {
        stop();
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        // the old process's listening sockets may linger for a moment after it exits
        while (true) {
            try {
                launch();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    /** {@code n} distinct free ports: each socket stays open until all are found (one after another may repeat). */
    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
