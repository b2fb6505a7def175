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
                "editor token (MLCTL_TOKEN)."})
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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "240",
            description = "Give up after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        boolean ownServer = embedded || (server.explicitServer() == null);
        String token = ownServer ? "mlctl_demo_" + hex(16) : server.token();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        EmbeddedServer embeddedServer = null;
        try {
            String url;
            if (ownServer) {
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
                out.println();
                out.println("The server keeps running (Ctrl-C stops it):");
                out.println("  export MLCTL_SERVER=" + url + " MLCTL_TOKEN=" + token);
                out.flush();
                EmbeddedServer stopping = embeddedServer;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        stopping.close();
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

        long sent = 0;
        int batch = 0;
        JsonNode drifted = null;
        step("Starting the demo's model server (Open Inference Protocol v2) with the inference logger in front");
        try (OipModelServer modelServer = OipModelServer.start(model);
             ChildProcess logger = startLogger(modelServer, url, token, version)) {
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
        }
        if (drifted == null) {
            throw new CliException(ExitCodes.FAILED, "no drifted window closed in time: does the server use a short "
                    + "--drift-window? (" + sent + " predictions in " + batch + " requests)");
        }
        say(sent + " predictions in " + batch + " requests went through the logger, which sent them to the "
                + "control plane as samples");

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

        step("Where to look next");
        if (demoToken != null && !keep) {
            say("(this server stops now: run 'mlctl demo --keep', or start your own with 'bin/mlctl server "
                    + "--drift-window 10s', to try these)");
        }
        say("mlctl drift status " + model + " --version " + version + "   # the windows' reports, newest first");
        say("mlctl drift report " + drifted.path("id").asText() + "   # one report, feature by feature");
        say("mlctl retrain list " + model + "   # triggers and their delivery status");
        say("curl -s " + url + "/metrics | grep mlctl_drift   # the gauges Prometheus scrapes");
        say("a retraining pipeline registers its version with lineage.triggeredBy=\"" + body.path("triggeredBy")
                .asText() + "\" to complete the trigger");
    }

    /** The inference logger ({@code bin/mlctl logger}) in front of the model server, as a process of its own. */
    private ChildProcess startLogger(OipModelServer modelServer, String url, String token, int version)
            throws IOException {
        Path jar = ChildProcess.jar("inference-logger/target/inference-logger.jar", "the inference logger");
        Path log = Files.createTempFile("mlctl-demo-logger-", ".log");
        return ChildProcess.start("the inference logger", jar, List.of("-XX:+UseSerialGC", "-Xmx128m"),
                List.of("--upstream", modelServer.url(), "--listen", "127.0.0.1:0", "--admin-port", "0",
                        "--protocol", "oip", "--model", model, "--version", Integer.toString(version),
                        "--batch-size", "400", "--flush-interval", "500ms"),
                Map.of("MLCTL_SERVER", url, "MLCTL_TOKEN", token), log, "listening on ");
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
