package io.mlctl.logger;

import io.mlctl.protocol.ExchangeDecoder;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running logger: the proxy, the queue, the shipper, the schema loader and the admin port. {@link #close()} is the
 * graceful stop (SIGTERM): stop accepting connections, send what is queued within the shutdown timeout, then count
 * whatever could not be sent as dropped (reason {@code shutdown}).
 */
public final class InferenceLogger implements AutoCloseable {
    private final LoggerSettings settings;
    private final PrintStream out;
    private final LoggerMetrics metrics;
    private final PairQueue queue;
    private final SampleShipper shipper;
    private final Thread shipperThread;
    private final Thread schemaThread;
    private final ProxyServer proxy;
    private final AdminServer admin;
    private final CpuBudget budget;
    private volatile String schemaState = "loading";
    private volatile boolean closed;

    InferenceLogger(LoggerSettings s, PrintStream out) throws Exception {
        this.settings = s;
        this.out = out;
        PairQueue[] q = new PairQueue[1];
        metrics = new LoggerMetrics(() -> q[0] == null ? 0 : q[0].depth());
        queue = new PairQueue(s.queueCapacity(), s.queueMemoryBytes(), metrics);
        q[0] = queue;
        ControlPlaneClient client = new ControlPlaneClient(s.server(), s.token(), s.model(), s.version(),
                s.connectTimeout(), s.sendTimeout());
        budget = CpuBudget.ofUpdatingThread(s.loggingCpuBudget());
        // the seam --sink chooses: batches to the control plane, or records to a Kafka topic
        shipper = s.kafka() == null
                ? new Shipper(queue, client, metrics, s.batchSize(), s.flushInterval(), s.retryFor(), budget)
                : new KafkaShipper(queue, s.kafka(), metrics, s.shutdownTimeout(), budget);
        shipperThread = new Thread(shipper, "logger-shipper");
        shipperThread.setDaemon(true);
        shipperThread.start();
        schemaThread = new Thread(() -> loadSchema(client), "logger-schema");
        schemaThread.setDaemon(true);
        ProxySettings ps = new ProxySettings(new InetSocketAddress(s.upstream().getHost(), port(s)), s.maxBodyBytes(),
                s.sampleRate(), (int) s.connectTimeout().toMillis(), (method, path) -> {
                    ExchangeDecoder d = shipper.decoder();
                    return d == null || d.inference(method, path); // before the schema: keep everything
                }, budget);
        // the proxy forwards from the start: traffic never waits for the schema (pairs queue meanwhile)
        proxy = new ProxyServer(s.listen(), s.ioThreads(), ps, metrics, queue::offer);
        AdminServer a;
        try {
            a = new AdminServer(s.admin(), metrics, this::health);
        } catch (Exception e) {
            proxy.close();
            throw e;
        }
        admin = a;
        schemaThread.start();
        out.println("mlctl logger: listening on http://" + s.listen().getHostString() + ":" + proxy.port()
                + ", forwarding to " + s.upstream() + " (protocol " + s.protocol() + ", model " + s.model() + "/"
                + s.version() + ", sample rate " + s.sampleRate() + ", CPU budget of the logging work "
                + (budget.enabled() ? CpuBudget.number(s.loggingCpuBudget()) + " of a core" : "none") + ")");
        out.println("mlctl logger: metrics on http://" + s.admin().getHostString() + ":" + admin.port()
                + "/metrics, health on /health; samples go to " + (s.kafka() == null ? client.server()
                : "Kafka topic " + s.kafka().topic() + " at " + s.kafka().bootstrap()));
        out.flush();
    }

    private static int port(LoggerSettings s) {
        return s.upstream().getPort() > 0 ? s.upstream().getPort() : 80;
    }

    public int port() {
        return proxy.port();
    }

    public int adminPort() {
        return admin.port();
    }

    /** Loads the version's schema, retrying while the control plane is not there yet, and says what is unmapped. */
    private void loadSchema(ControlPlaneClient client) {
        long delayMs = 500;
        String lastProblem = null;
        while (!closed) {
            try {
                ControlPlaneClient.LoadedSchema loaded = client.loadSchema();
                ExchangeDecoder decoder = ExchangeDecoder.of(settings.protocol(), loaded.schema());
                List<String> unmapped = decoder.unmappedFeatures();
                if (unmapped.isEmpty()) {
                    out.println("mlctl logger: schema " + loaded.ref() + " loaded; every feature has a mapping");
                } else {
                    // the decoder's reasons say which are certainly missing and which depend on the requests
                    out.println("mlctl logger: schema " + loaded.ref() + " loaded; " + unmapped.size() + " of "
                            + loaded.schema().features().size() + " features have no mapping of their own; a feature "
                            + "its requests do not carry is missing (null) in every sample:");
                    for (String u : unmapped) {
                        out.println("  " + u);
                    }
                }
                out.flush();
                schemaState = "loaded " + loaded.ref();
                shipper.decoder(decoder);
                return;
            } catch (ControlPlaneClient.SchemaUnavailable e) {
                schemaState = "waiting: " + e.getMessage();
                if (!e.getMessage().equals(lastProblem)) {
                    out.println("mlctl logger: cannot load the schema yet (requests are forwarded meanwhile, not "
                            + "logged): " + e.getMessage());
                    out.flush();
                    lastProblem = e.getMessage();
                }
                delayMs = e.retryable ? Math.min(delayMs * 2, 30_000) : 30_000;
            } catch (RuntimeException e) {
                // the schema's mapping does not fit this protocol: it will not fix itself soon
                schemaState = "unusable: " + e.getMessage();
                if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                    out.println("mlctl logger: the schema cannot be used with protocol " + settings.protocol()
                            + " (requests are forwarded, not logged): " + e.getMessage());
                    out.flush();
                    lastProblem = String.valueOf(e.getMessage());
                }
                delayMs = 60_000;
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String health() {
        Instant at = shipper.lastSendAt();
        return "{\"status\":\"ok\",\"queueDepth\":" + queue.depth() + ",\"schema\":" + quote(schemaState)
                + ",\"lastSend\":{\"status\":" + quote(shipper.lastSend()) + ",\"at\":"
                + (at == null ? "null" : quote(at.toString())) + "},\"cpuBudget\":" + budget.healthJson() + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    LoggerMetrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.println("mlctl logger: stopping: no new connections; sending what is queued (at most "
                + settings.shutdownTimeout().toSeconds() + " s)");
        out.flush();
        schemaThread.interrupt();
        proxy.stopAccepting();
        shipper.stop();
        try {
            shipperThread.join(settings.shutdownTimeout().toMillis());
            if (shipperThread.isAlive()) {
                shipperThread.interrupt();
                shipperThread.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.clear();
        metrics.dropped(LoggerMetrics.SHUTDOWN, left);
        proxy.close();
        admin.close();
        out.println("mlctl logger: stopped" + (left > 0 ? "; " + left + " queued requests were not sent" : ""));
        out.flush();
    }
}
