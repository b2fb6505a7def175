package io.mlctl.logger;

import io.mlctl.protocol.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code mlctl logger}: the inference logger's command line (bin/mlctl runs this jar for it; so does the image). */
@Command(name = "mlctl logger", exitCodeOnInvalidInput = 64,
        exitCodeOnExecutionException = 1, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "A reverse proxy in front of a model server: every request is forwarded unchanged, and a sample of the "
                + "request/response pairs is decoded with the version's feature schema and sent to the control plane "
                + "in batches (never on the request's path).",
            "Reads MLCTL_SERVER and MLCTL_TOKEN (or --server/--token). Metrics and /health are on --admin-port."})
public final class LoggerMain implements Callable<Integer> {

    // not mixinStandardHelpOptions: its -V/--version would take the place of the model's --version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--upstream", required = true, paramLabel = "URL",
            description = "The model server, e.g. http://127.0.0.1:8081 (http only).")
    URI upstream;

    @Option(names = "--listen", required = true, paramLabel = "[HOST:]PORT",
            description = "Where clients connect: a port (all interfaces) or HOST:PORT; 0 picks a free port.")
    String listen;

    @Option(names = "--protocol", required = true, paramLabel = "PROTOCOL",
            description = "What the model server speaks: oip, kserve-v1, openai or torchserve.")
    String protocol;

    @Option(names = "--model", required = true, paramLabel = "M", description = "Registered model name.")
    String model;

    @Option(names = "--version", required = true, paramLabel = "V", description = "Its version number.")
    int version;

    @Option(names = "--sample-rate", paramLabel = "R", defaultValue = "1",
            description = "Share of requests logged, 0..1, decided from the request id alone so that every logger "
                    + "of one request decides alike (default ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(names = "--logging-cpu-budget", paramLabel = "CORES", defaultValue = "0.25",
            description = "CPU the logging work (decoding, batching, sending) may use, as a fraction of one core, "
                    + "measured every second; above it the logger sheds a share of the sampled requests (forwarded, "
                    + "not copied, counted as dropped, cpu_budget) so inference keeps the CPU. 1 never sheds "
                    + "(default ${DEFAULT-VALUE}).")
    double loggingCpuBudget;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
            description = "Rows per batch sent (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--flush-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Longest a row waits for its batch to fill (default ${DEFAULT-VALUE}; 500ms, 10s, 1m...).")
    String flushInterval;

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "10000",
            description = "Request/response pairs held while the control plane is slow or down; when full the "
                    + "oldest are dropped and counted (default ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--queue-memory", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Most bytes of bodies the queue holds, whatever their number (default ${DEFAULT-VALUE}, "
                    + "32 MiB).")
    long queueMemory;

    @Option(names = "--max-body-size", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request or response body copied for decoding; larger ones are forwarded "
                    + "untouched and counted as undecodable, too_large (default ${DEFAULT-VALUE}, 4 MiB).")
    int maxBodySize;

    @Option(names = "--admin-port", paramLabel = "P", defaultValue = "8099",
            description = "Port of /metrics and /health (default ${DEFAULT-VALUE}; 0 picks a free port).")
    int adminPort;

    @Option(names = {"-s", "--server"}, paramLabel = "URL",
            description = "Control-plane URL (env MLCTL_SERVER, default http://localhost:8080).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (env MLCTL_TOKEN).")
    String token;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event-loop threads of the proxy (default: the CPUs the JVM sees, at most 4).")
    Integer ioThreads;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Connect timeout to the model server (past it the client gets a 502) and to the control "
                    + "plane (default ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--send-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long one batch POST may take before it is retried (default ${DEFAULT-VALUE}).")
    String sendTimeout;

    @Option(names = "--retry-for", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long a batch is retried (exponential backoff with jitter, 0.2 s to 30 s apart) "
                    + "before its rows are dropped as send_failed (default ${DEFAULT-VALUE}).")
    String retryFor;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "On SIGTERM, how long queued samples may take to be sent before the process exits "
                    + "(default ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "http",
            description = "Where the samples go: http (the control plane's samples API) or kafka (one record per "
                    + "sample line on --topic, keyed by request id; docs/KAFKA.md) (default ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The Kafka topic of --sink kafka.")
    String topic;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "The Kafka brokers of --sink kafka (bootstrap.servers).")
    String kafkaBootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties for --sink kafka (SASL, TLS, tuning: security.protocol, "
                    + "sasl.jaas.config, ssl.truststore.location, compression.type, linger.ms...).")
    java.nio.file.Path kafkaConfig;

    private final PrintStream out;

    LoggerMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        LoggerMain main = new LoggerMain(System.out);
        int code = new CommandLine(main).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        LoggerSettings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("mlctl logger: " + e.getMessage());
            return 64;
        }
        // the hook first: a SIGTERM that comes while the logger starts still stops it gracefully
        java.util.concurrent.atomic.AtomicReference<InferenceLogger> running = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            InferenceLogger l = running.get();
            if (l != null) {
                l.close();
            }
            stopped.countDown();
        }, "logger-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            running.set(new InferenceLogger(s, out));
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.err.println("mlctl logger: cannot start: " + ControlPlaneClient.describe(e));
            return 1;
        }
        stopped.await();
        return 0;
    }

    LoggerSettings settings() {
        if (!"http".equalsIgnoreCase(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("--upstream must be an http://HOST:PORT URL, not '" + upstream + "'");
        }
        if (upstream.getRawPath() != null && !upstream.getRawPath().isEmpty() && !upstream.getRawPath().equals("/")) {
            throw new IllegalArgumentException("--upstream takes no path (requests keep theirs): '" + upstream + "'");
        }
        Protocol p;
        try {
            p = Protocol.of(protocol.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--protocol: " + e.getMessage());
        }
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("--sample-rate must be between 0 and 1, not " + sampleRate);
        }
        if (!(loggingCpuBudget > 0 && loggingCpuBudget <= 1)) {
            throw new IllegalArgumentException("--logging-cpu-budget must be a fraction of one core, above 0 and at "
                    + "most 1 (never shed), not " + loggingCpuBudget);
        }
        positive("--batch-size", batchSize);
        positive("--queue-capacity", queueCapacity);
        positive("--max-body-size", maxBodySize);
        if (queueMemory < maxBodySize) {
            throw new IllegalArgumentException("--queue-memory must hold at least one body of --max-body-size");
        }
        if (version < 1) {
            throw new IllegalArgumentException("--version must be a version number (1, 2, ...), not " + version);
        }
        if (adminPort < 0 || adminPort > 65535) {
            throw new IllegalArgumentException("--admin-port must be a port number, not " + adminPort);
        }
        String srv = server != null ? server : System.getenv("MLCTL_SERVER");
        URI serverUri = URI.create(srv == null || srv.isBlank() ? "http://localhost:8080" : srv.trim());
        if (serverUri.getScheme() == null || serverUri.getHost() == null) {
            throw new IllegalArgumentException("the control-plane URL must be http(s)://HOST[:PORT], not '" + srv + "'");
        }
        String tok = token != null ? token : System.getenv("MLCTL_TOKEN");
        int threads = ioThreads != null ? ioThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
        positive("--io-threads", threads);
        Duration connect = duration("--connect-timeout", connectTimeout);
        Duration send = duration("--send-timeout", sendTimeout);
        Duration retry = duration("--retry-for", retryFor);
        return new LoggerSettings(upstream, listenAddress(listen), p, model, version, sampleRate, batchSize,
                duration("--flush-interval", flushInterval), queueCapacity, queueMemory, maxBodySize,
                new InetSocketAddress(adminPort), serverUri, tok, threads, connect, send, retry,
                duration("--shutdown-timeout", shutdownTimeout), kafkaSink(connect, send, retry),
                loggingCpuBudget);
    }

    private KafkaShipper.Settings kafkaSink(Duration connect, Duration send, Duration retry) {
        switch (sink.toLowerCase(Locale.ROOT)) {
            case "http" -> {
                if (topic != null || kafkaBootstrap != null || kafkaConfig != null) {
                    throw new IllegalArgumentException("--topic, --kafka-bootstrap and --kafka-config go with "
                            + "--sink kafka");
                }
                return null;
            }
            case "kafka" -> {
                return KafkaShipper.settings(topic, kafkaBootstrap, kafkaConfig, model, version, connect, send, retry,
                        queueMemory);
            }
            default -> throw new IllegalArgumentException("--sink takes http or kafka, not '" + sink + "'");
        }
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + value);
        }
    }

    static InetSocketAddress listenAddress(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? null : v.substring(0, colon);
        String port = colon < 0 ? v : v.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen takes PORT or HOST:PORT, not '" + value + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--listen: " + p + " is not a port number");
        }
        return host == null || host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** 500ms, 5s, 1m, 2h (one unit). */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " takes a duration like 500ms, 5s, 1m or 1h, not '" + value
                    + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return d;
    }
}
