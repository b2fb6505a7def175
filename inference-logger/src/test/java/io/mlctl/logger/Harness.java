package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** What the logger tests share: registering a version, starting a logger, reading back what the control plane has. */
final class Harness {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Harness() {
    }

    /** Pushes the schema, creates the model and a version using it; the version number. */
    static int register(TestHttp http, String model, String schemaYaml) {
        http.send("POST", "/api/v1/schemas", "application/yaml", schemaYaml).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        String schemaName = schemaYaml.lines().filter(l -> l.startsWith("name:")).findFirst().orElseThrow()
                .substring(5).trim();
        return http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://models/" + model + "/1",
                "runtime", "custom", "schema", schemaName)).assertStatus(201).json().path("version").asInt();
    }

    /** Uploads a reference profile (NDJSON sample rows): the control plane takes samples only for a version with one. */
    static void reference(TestHttp http, String model, int version, List<Map<String, Object>> rows) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : rows) {
            b.append(ModelServer.JSON.writeValueAsString(r)).append('\n');
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/" + version + "/profile", "application/x-ndjson",
                b.toString()).assertStatus(200);
    }

    /** A reference of {@code n} rows of one numeric feature {@code amount} and a numeric prediction. */
    static void amountReference(TestHttp http, String model, int version, int n) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Map.of("features", Map.of("amount", i * 0.5), "prediction", (i % 10) / 10.0));
        }
        reference(http, model, version, rows);
    }

    /** A logger in this JVM, started exactly as {@code mlctl logger} starts it, with these flags. */
    static final class RunningLogger implements AutoCloseable {
        final InferenceLogger logger;
        final ByteArrayOutputStream output = new ByteArrayOutputStream();

        RunningLogger(String... args) throws Exception {
            LoggerMain main = new LoggerMain(new PrintStream(output, true, StandardCharsets.UTF_8));
            new CommandLine(main).parseArgs(args);
            logger = new InferenceLogger(main.settings(), new PrintStream(output, true, StandardCharsets.UTF_8));
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + logger.port() + path);
        }

        String output() {
            return output.toString(StandardCharsets.UTF_8);
        }

        Map<String, Double> metrics() {
            return Harness.metrics(logger.adminPort());
        }

        /** What to show when a wait fails: the logger's output, health and counters. */
        String diagnostics() {
            StringBuilder b = new StringBuilder("\n--- logger output:\n").append(output()).append("--- health: ")
                    .append(logger.health()).append("\n--- metrics:\n");
            metrics().forEach((k, v) -> {
                if (k.startsWith("mlctl_logger")) {
                    b.append(k).append(' ').append(v).append('\n');
                }
            });
            return b.toString();
        }

        @Override
        public void close() {
            logger.close();
        }
    }

    static List<String> loggerArgs(int upstreamPort, String protocol, String model, int version, URI server,
                                   String token, String... extra) {
        List<String> a = new ArrayList<>(List.of("--upstream", "http://127.0.0.1:" + upstreamPort, "--listen",
                "127.0.0.1:0", "--protocol", protocol, "--model", model, "--version", String.valueOf(version),
                "--admin-port", "0", "--server", server.toString(), "--token", token, "--flush-interval", "300ms",
                "--io-threads", "2"));
        a.addAll(List.of(extra));
        return a;
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?) (\\S+)$");

    /** The admin port's /metrics as series name (with labels as exported) to value. */
    static Map<String, Double> metrics(int adminPort) {
        String text = get(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).body();
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher matcher = SAMPLE.matcher(line.trim());
            if (!line.startsWith("#") && matcher.matches()) {
                m.put(matcher.group(1), Double.parseDouble(matcher.group(3)));
            }
        }
        return m;
    }

    static double value(Map<String, Double> metrics, String series) {
        return metrics.getOrDefault(series, 0.0);
    }

    static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    static HttpResponse<String> post(URI uri, String contentType, String body, String requestId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            b.header("x-request-id", requestId);
        }
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    /** The control plane's pairing records of a version: request id to prediction (rows with a request id). */
    static Map<String, Double> pairings(TestDatabase db, String model, int version) throws Exception {
        Map<String, Double> m = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT request_key, prediction_num FROM prediction_pairing WHERE model = ? AND version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return m;
    }

    /** Rows the control plane stored for a version, over all its batches (a duplicate batch is stored once). */
    static long storedRows(TestDatabase db, String model, int version) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(rows_accepted), 0), COUNT(*) FROM ingest_batch WHERE model = ? AND version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition,
                      java.util.function.Supplier<String> diagnostics) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + diagnostics.get());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until a fresh window of {@code windowSeconds} has just begun, so a short burst lands in one window. */
    static void startOfWindow(int windowSeconds) throws InterruptedException {
        long ms = windowSeconds * 1000L;
        long into = System.currentTimeMillis() % ms;
        if (into > 200) {
            Thread.sleep(ms - into + 50);
        }
    }

    /** The version's newest window report once it covers {@code rows} rows. */
    static JsonNode report(TestHttp http, String model, int version, long rows) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        await("a drift report of " + rows + " rows for " + model + "/" + version, Duration.ofSeconds(90), () -> {
            TestHttp.Response r = http.get("/api/v1/models/" + model + "/versions/" + version + "/drift/latest");
            if (r.status() == 200 && r.json().path("rows").asLong() >= rows) {
                found[0] = r.json();
                return true;
            }
            return false;
        });
        assertEquals(rows, found[0].path("rows").asLong(), found[0].toString());
        return found[0];
    }

    /** A feature row of a report ({@code __prediction__} for the prediction). */
    static JsonNode feature(JsonNode report, String name) {
        for (JsonNode f : report.path("features")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in " + report);
    }
}
