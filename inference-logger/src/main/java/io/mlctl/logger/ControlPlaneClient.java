package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The logger's few calls to the control plane (JDK HTTP client: off the hot path, no dependency to add), with bounded
 * connect and read timeouts so a control plane that hangs never holds the shipper forever.
 */
final class ControlPlaneClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI server;
    private final String token;
    private final String model;
    private final int version;
    private final Duration readTimeout;
    private final HttpClient http;

    ControlPlaneClient(URI server, String token, String model, int version, Duration connectTimeout,
                       Duration readTimeout) {
        String s = server.toString();
        this.server = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.model = model;
        this.version = version;
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    URI server() {
        return server;
    }

    /** A failure to load the schema, in words; {@code retryable} when trying again later may help. */
    static final class SchemaUnavailable extends Exception {
        final boolean retryable;

        SchemaUnavailable(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }
    }

    /** A schema as the version names it ({@code name@N}) and its parsed document. */
    record LoadedSchema(String ref, FeatureSchema schema) {
    }

    /** The version's feature schema: GET the version for its schema reference, then GET that schema version. */
    LoadedSchema loadSchema() throws SchemaUnavailable, InterruptedException {
        JsonNode v = getJson("/api/v1/models/" + enc(model) + "/versions/" + version, "model version " + model + "/"
                + version);
        String ref = v.path("schema").asText(null);
        if (ref == null || ref.isBlank()) {
            throw new SchemaUnavailable("version " + model + "/" + version + " has no feature schema: register it with "
                    + "one (mlctl versions create --schema NAME@N) for its requests to be logged", false);
        }
        int at = ref.lastIndexOf('@');
        if (at <= 0) {
            throw new SchemaUnavailable("version " + model + "/" + version + " names the schema '" + ref
                    + "', not NAME@N", false);
        }
        JsonNode s = getJson("/api/v1/schemas/" + enc(ref.substring(0, at)) + "/" + enc(ref.substring(at + 1)),
                "schema " + ref);
        String source = s.path("source").asText(null);
        if (source == null) {
            throw new SchemaUnavailable("the control plane's answer for schema " + ref + " has no source", false);
        }
        try {
            SchemaFormat format = SchemaFormat.valueOf(s.path("format").asText("yaml").toUpperCase(Locale.ROOT));
            return new LoadedSchema(ref, SchemaParser.parse(source, format).schema());
        } catch (ProblemException | IllegalArgumentException e) {
            throw new SchemaUnavailable("schema " + ref + " cannot be read: " + e.getMessage(), false);
        }
    }

    private JsonNode getJson(String path, String what) throws SchemaUnavailable, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaUnavailable("the control plane at " + server + " is unreachable (" + describe(e) + ")",
                    true);
        }
        if (r.statusCode() != 200) {
            boolean retryable = r.statusCode() >= 500 || r.statusCode() == 408 || r.statusCode() == 429;
            throw new SchemaUnavailable(what + ": " + r.statusCode() + " " + detail(r.body()), retryable);
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new SchemaUnavailable(what + ": the answer is not JSON", true);
        }
    }

    /** POSTs one NDJSON batch with its key (partial acceptance: a bad row never costs the good ones). */
    HttpResponse<String> postSamples(String idempotencyKey, byte[] ndjson) throws IOException, InterruptedException {
        HttpRequest req = request("/api/v1/models/" + enc(model) + "/versions/" + version + "/samples?partial=true")
                .header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(readTimeout)
                .header("Accept", "application/json, application/problem+json");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** The problem+json detail of an error answer, else its first line. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode j = JSON.readTree(body);
            if (j.hasNonNull("detail")) {
                return j.get("detail").asText();
            }
        } catch (IOException notJson) {
            // fall through
        }
        String line = body.strip().split("\n", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
