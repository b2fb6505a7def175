package io.mlctl.cli.demo;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.drift.ReportCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.ServerOptions;
import io.mlctl.kafka.broker.LocalKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code mlctl demo}: the monitoring loop end to end in well under a minute. Registers a model with a feature schema,
 * uploads its reference (training) profile, starts a model server (Open Inference Protocol) with the inference logger
 * in front, sends it live requests that start to drift, shows the windows' drift reports as they close (computed from
 * what the logger logged), and catches the signed retrain trigger on a local receiver.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the monitoring loop end to end: schema, model, reference profile, a model server",
                "with the inference logger in front, live requests that drift, drift reports, and a signed retrain",
                "webhook caught by a local receiver.",
                "Without MLCTL_SERVER (or --server) it starts a throw-away server with 5 s windows; against your",
                "own server, start it with a short window (bin/mlctl server --drift-window 10s) and give an",
                "editor token (MLCTL_TOKEN).",
                "With --kafka the traffic goes through a Kafka topic: a local single-node broker (KRaft), the",
                "logger's --sink kafka, the server consuming the subscribed topic; at the end the records the broker",
                "acknowledged are compared with the rows counted in the drift windows."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "fraud-demo",
            description = "Model name (default ${DEFAULT-VALUE}); a new version is added when it exists.")
    String model;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "5s",
            description = "Drift window of the embedded server (default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--embedded", description = "Start a throw-away server even when MLCTL_SERVER is set.")
    boolean embedded;

    @Option(names = "--keep", description = "Keep the throw-away server running afterwards, to explore it (Ctrl-C "
            + "stops it).")
    boolean keep;

    @Option(names = "--kafka", description = "Run the traffic through a Kafka topic (docs/KAFKA.md): start a local "
            + "broker (data under the demo's directory), the server consuming from it, the logger producing to it.")
    boolean kafka;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "With --kafka: use these brokers instead of starting one (with your own server: the ones "
                    + "it consumes from, bin/mlctl server --kafka-bootstrap).")
    String kafkaBootstrap;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "240",
            description = "Give up after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        boolean ownServer = embedded || (server.explicitServer() == null);
        if (kafka && !ownServer && kafkaBootstrap == null) {
            throw new CliException(ExitCodes.USAGE, "with your own server, --kafka needs --kafka-bootstrap: the brokers "
                    + "that server consumes from (or --embedded for a throw-away server and broker)");
        }
        if (kafkaBootstrap != null && !kafka) {
            throw new CliException(ExitCodes.USAGE, "--kafka-bootstrap goes with --kafka");
        }
        String token = ownServer ? "mlctl_demo_" + hex(16) : server.token();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        EmbeddedServer embeddedServer = null;
        LocalKafkaBroker broker = null;
        try {
            String url;
            if (ownServer && kafka) {
                Path work = Files.createTempDirectory("mlctl-demo-");
                if (kafkaBootstrap == null) {
                    step("Starting a local Kafka broker (one KRaft node: broker and controller)");
                    broker = KafkaDemo.startBroker(work.resolve("kafka"));
                    kafkaBootstrap = broker.bootstrap();
                    say("bootstrap " + kafkaBootstrap + ", data and log (broker.log) in " + broker.dataDir());
                }
                // a longer grace than without Kafka: a record's way through the logger, the broker and the
                // consumer must end before its window closes, or its row is refused as late
                step("Starting a throw-away control plane (" + window + " drift windows) consuming from Kafka");
                embeddedServer = EmbeddedServer.start(token, window, "6s", work,
                        List.of("--kafka-bootstrap", kafkaBootstrap));
                url = embeddedServer.url();
                say("listening on " + url + ", data in " + embeddedServer.dataDir());
            } else if (ownServer) {
                step("Starting a throw-away control plane (" + window + " drift windows)");
                embeddedServer = EmbeddedServer.start(token, window);
                url = embeddedServer.url();
                say("listening on " + url + ", data in " + embeddedServer.dataDir());
            } else {
                url = server.server();
                say("using the control plane at " + url);
            }
            ApiClient api = new ApiClient(url, token);
            String secret = hex(24);
            try (SignedWebhookReceiver receiver = new SignedWebhookReceiver(secret)) {
                run(api, receiver, secret, deadline, url, token, ownServer ? token : null);
            }
            if (embeddedServer != null && keep) {
                LocalKafkaBroker keptBroker = broker;
                broker = null;
                out.println();
                out.println("The server keeps running (Ctrl-C stops it):");
                out.println("  export MLCTL_SERVER=" + url + " MLCTL_TOKEN=" + token);
                out.flush();
                EmbeddedServer stopping = embeddedServer;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        stopping.close();
                        if (keptBroker != null) {
                            keptBroker.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                embeddedServer = null;
                new java.util.concurrent.CountDownLatch(1).await();
            }
            return 0;
        } finally {
            if (embeddedServer != null) {
                embeddedServer.close();
                out.println();
            }
            if (broker != null) {
                broker.close(); // after the server: its consumer leaves the group cleanly
            }
            out.flush();
        }
    }

    private void run(ApiClient api, SignedWebhookReceiver receiver, String secret, long deadline, String url,
                     String token, String demoToken) throws Exception {
        DemoTraffic traffic = new DemoTraffic(42);
        step("Registering the feature schema, the model and a version");
        JsonNode schema = api.postText(ApiPaths.schemas(), DemoTraffic.SCHEMA, "application/yaml");
        String schemaRef = schema.path("ref").asText();
        try {
            api.post(ApiPaths.models(), Map.of("name", model, "description", "mlctl demo: fraud scoring"));
        } catch (ApiClient.ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        int version = api.post(ApiPaths.versions(model), Map.of("artifactUri",
                "s3://mlctl-demo/" + model + "/model.onnx", "runtime", "custom", "schema", schemaRef))
                .path("version").asInt();
        say("schema " + schemaRef + ", model " + model + " version " + version);

        step("Uploading the reference profile (20,000 training rows)");
        Path csv = Files.createTempFile("mlctl-demo-train-", ".csv");
        try {
            Files.writeString(csv, traffic.referenceCsv(20_000));
            JsonNode ref = api.sendFile("PUT", ApiPaths.profile(model, version) + "?format=csv", csv, "text/csv", Map.of(), null);
            say("reference profile " + ref.path("id").asText() + ": " + ref.path("rows").asText() + " rows, "
                    + ref.path("features").size() + " features incl. the prediction (__prediction__)");
        } finally {
            Files.deleteIfExists(csv);
        }

        step("Setting the retrain policy: psi>=0.25 on half the features fires a signed webhook");
        api.put(ApiPaths.retrainPolicy(model), Map.of("webhook", receiver.url(),
                "secret", secret, "on", "psi>=0.25", "minDriftShare", 0.5, "consecutive", 1,
                "cooldown", "1h", "enabled", true));
        say("webhook " + receiver.url() + " (a local receiver that checks X-Mlctl-Signature)");

        String topic = null;
        if (kafka) {
            topic = KafkaDemo.topic(model, version);
            step("Subscribing version " + version + " to Kafka topic " + topic);
            KafkaDemo.createTopic(kafkaBootstrap, topic);
            api.put(ApiPaths.subscription(model, version), Map.of("topic", topic, "format", "mlctl"));
            say("topic " + topic + " (" + KafkaDemo.PARTITIONS + " partitions) at " + kafkaBootstrap + ": every "
                    + "control-plane replica consumes it into the version's windows (mlctl samples subscriptions)");
        }
        long sent = 0;
        int batch = 0;
        JsonNode drifted = null;
        long produced = -1;
        step("Starting the demo's model server (Open Inference Protocol v2) with the inference logger in front");
        try (OipModelServer modelServer = OipModelServer.start(model);
             ChildProcess logger = startLogger(modelServer, url, token, version, topic)) {
            say("model server " + modelServer.url() + "; clients call the logger at " + logger.listening()
                    + " (log: " + logger.log() + ")");

            step("Sending live inference requests through the logger: healthy first, then drifting");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI infer = URI.create(logger.listening() + "/v2/models/" + model + "/infer");
            long started = System.nanoTime();
            long lastReport = 0;
            while (System.nanoTime() < deadline) {
                double seconds = (System.nanoTime() - started) / 1e9;
                double drift = seconds < 8 ? 0 : Math.min(1, (seconds - 8) / 4);
                for (int i = 0; i < 8; i++) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(infer)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(traffic.oipRequest(50, drift))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new CliException(ExitCodes.FAILED, "the model server answered " + answer.statusCode()
                                + ": " + answer.body());
                    }
                    sent += 50;
                    batch++;
                }
                for (JsonNode r : reportsAfter(api, version, lastReport)) {
                    lastReport = Math.max(lastReport, r.path("id").asLong());
                    say(String.format(java.util.Locale.ROOT, "window %s: %5d rows, drift share %.2f %s",
                            r.path("windowStart").asText(), r.path("rows").asLong(), r.path("driftShare").asDouble(),
                            r.path("datasetDrift").asBoolean() ? "-> DRIFT in " + Printer.cell(r.path("drifted"))
                                    : "-> ok"));
                    if (r.path("datasetDrift").asBoolean() && drifted == null) {
                        drifted = r;
                    }
                }
                if (drifted != null) {
                    break;
                }
                Thread.sleep(500);
            }
            if (kafka && drifted != null) {
                produced = producedRecords(logger, sent);
            }
        }
        if (drifted == null) {
            throw new CliException(ExitCodes.FAILED, "no drifted window closed in time: does the server use a short "
                    + "--drift-window? (" + sent + " predictions in " + batch + " requests)");
        }
        say(sent + " predictions in " + batch + " requests went through the logger, which sent them to the "
                + (kafka ? "Kafka topic " + topic + " (the control plane consumes it)" : "control plane as samples"));

        step("The drift report of window " + drifted.path("windowStart").asText());
        JsonNode report = api.get(ApiPaths.driftReport(drifted.path("id").asLong()));
        ReportCommand.print(out, new Printer(out, OutputFormat.table), report);

        step("Waiting for the retrain trigger");
        SignedWebhookReceiver.Delivery delivery = receiver.deliveries.poll(
                Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())), TimeUnit.SECONDS);
        if (delivery == null) {
            throw new CliException(ExitCodes.FAILED, "no retrain webhook arrived; see mlctl retrain list " + model);
        }
        JsonNode body = Printer.JSON.readTree(delivery.body());
        say("webhook received: trigger " + body.path("id").asText() + " for " + body.path("model").asText()
                + " version " + body.path("version").asText() + ", reason " + body.path("reason").asText()
                + ", signature " + (delivery.signatureValid() ? "VALID" : "INVALID"));
        say("evidence: drift share " + body.path("evidence").path("driftShare").asText() + " of features meeting "
                + body.path("evidence").path("condition").asText() + " in report "
                + body.path("evidence").path("reportId").asText());
        if (!delivery.signatureValid()) {
            throw new CliException(ExitCodes.CHECK_FAILED, "the webhook signature did not verify");
        }

        if (kafka) {
            countRows(api, url, version, topic, produced, sent);
        }

        step("Where to look next");
        if (demoToken != null && !keep) {
            say("(this server stops now: run 'mlctl demo --keep', or start your own with 'bin/mlctl server "
                    + "--drift-window 10s', to try these)");
        }
        say("mlctl drift status " + model + " --version " + version + "   # the windows' reports, newest first");
        say("mlctl drift report " + drifted.path("id").asText() + "   # one report, feature by feature");
        say("mlctl retrain list " + model + "   # triggers and their delivery status");
        if (kafka) {
            say("mlctl samples subscriptions   # the versions' Kafka subscriptions (topic, format, dead-letter topic)");
            say("curl -s " + url + "/metrics | grep mlctl_kafka   # lag per partition, records consumed and rejected");
        }
        say("curl -s " + url + "/metrics | grep mlctl_drift   # the gauges Prometheus scrapes");
        say("a retraining pipeline registers its version with lineage.triggeredBy=\"" + body.path("triggeredBy")
                .asText() + "\" to complete the trigger");
    }

    /** The inference logger ({@code bin/mlctl logger}) in front of the model server, as a process of its own. */
    private ChildProcess startLogger(OipModelServer modelServer, String url, String token, int version,
                                     String topic) throws IOException {
        Path jar = ChildProcess.jar("inference-logger/target/inference-logger.jar", "the inference logger");
        Path log = Files.createTempFile("mlctl-demo-logger-", ".log");
        List<String> args = new java.util.ArrayList<>(List.of("--upstream", modelServer.url(), "--listen",
                "127.0.0.1:0", "--admin-port", "0", "--protocol", "oip", "--model", model, "--version",
                Integer.toString(version), "--batch-size", "400", "--flush-interval", "500ms"));
        if (topic != null) {
            args.addAll(List.of("--sink", "kafka", "--topic", topic, "--kafka-bootstrap", kafkaBootstrap));
        }
        return ChildProcess.start("the inference logger", jar, List.of("-XX:+UseSerialGC", "-Xmx128m"), args,
                Map.of("MLCTL_SERVER", url, "MLCTL_TOKEN", token), log, "listening on ");
    }

    /**
     * The records the broker acknowledged to the logger ({@code mlctl_logger_samples_sent_total}), once every
     * prediction logged is either acknowledged or counted as lost (or nothing moved for 5 s).
     */
    private long producedRecords(ChildProcess logger, long predictions) throws InterruptedException {
        String admin = KafkaDemo.adminUrl(logger.log());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        long stableSince = System.nanoTime();
        while (true) {
            String m = KafkaDemo.metrics(admin);
            long acked = (long) KafkaDemo.sum(m, "mlctl_logger_samples_sent_total");
            long lost = (long) KafkaDemo.sum(m, "mlctl_logger_samples_dropped_total");
            if (acked != last) {
                last = acked;
                stableSince = System.nanoTime();
            }
            boolean settled = KafkaDemo.sum(m, "mlctl_logger_queue_depth") == 0
                    && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(5);
            if (acked + lost >= predictions || settled || System.nanoTime() > until) {
                if (lost > 0) {
                    say("the logger counted " + lost + " samples as lost (mlctl_logger_samples_dropped_total)");
                }
                return acked;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Sums the rows of the version's closed windows (their drift reports) until they reach what the broker
     * acknowledged, or the last window has had time to close; prints both and fails the demo if they differ.
     */
    private void countRows(ApiClient api, String url, int version, String topic, long produced, long predictions)
            throws InterruptedException {
        step("Counting: records the broker acknowledged against rows in the drift windows");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        long rows;
        while (true) {
            rows = windowRows(api, version);
            if (rows >= produced || System.nanoTime() > until) {
                break;
            }
            Thread.sleep(500);
        }
        String m = KafkaDemo.metrics(url);
        long consumed = (long) KafkaDemo.sum(m, "mlctl_kafka_records_consumed_total", "topic=\"" + topic + "\"");
        say(String.format(java.util.Locale.ROOT, "records produced %d, rows counted %d", produced, rows));
        say("(" + predictions + " predictions logged; produced = acknowledged by the broker, "
                + "mlctl_logger_samples_sent_total; " + consumed + " records consumed by the server, "
                + "mlctl_kafka_records_consumed_total; counted = the rows of the version's closed windows' reports)");
        if (rows != produced) {
            long rejected = (long) KafkaDemo.sum(m, "mlctl_kafka_records_rejected_total", "topic=\"" + topic + "\"");
            long late = (long) KafkaDemo.sum(m, "mlctl_samples_rejected_total", "model=\"" + model + "\"",
                    "version=\"" + version + "\"");
            throw new CliException(ExitCodes.CHECK_FAILED, "the windows counted " + rows + " rows for " + produced
                    + " records produced (" + rejected + " records rejected by the consumer, " + late + " rows "
                    + "rejected at ingest, e.g. late: see mlctl_samples_rejected_total on " + url + "/metrics)");
        }
    }

    /** The rows of every closed window (granularity window) of the version: the sum over its drift reports. */
    private long windowRows(ApiClient api, int version) {
        long rows = 0;
        for (int page = 0; ; page++) {
            JsonNode p = api.get(ApiClient.query(ApiPaths.drift(model),
                    ApiClient.params("version", version, "size", 1000, "page", page)));
            for (JsonNode r : p.path("items")) {
                rows += r.path("rows").asLong();
            }
            if (p.path("items").size() < 1000) {
                return rows;
            }
        }
    }

    private Iterable<JsonNode> reportsAfter(ApiClient api, int version, long after) {
        JsonNode page = api.get(ApiClient.query(ApiPaths.drift(model),
                ApiClient.params("version", version, "size", 20)));
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        page.path("items").forEach(r -> {
            if (r.path("id").asLong() > after) {
                out.add(0, r); // oldest first
            }
        });
        return out;
    }

    private void step(String text) {
        out.println();
        out.println("==> " + text);
        out.flush();
    }

    private void say(String text) {
        out.println("    " + text);
        out.flush();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
