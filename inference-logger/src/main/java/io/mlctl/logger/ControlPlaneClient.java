package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.api.client.ApiPaths;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.common.StrictJson;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The logger's few calls to the control plane (JDK HTTP client: off the hot path, no dependency to add), with bounded
 * connect and read timeouts so a control plane that hangs never holds the shipper forever.
 */
final class ControlPlaneClient {
    /** One value per answer, no coercion (StrictJson); the fields read are checked for their JSON type below. */
    static final ObjectMapper JSON = StrictJson.answers(new ObjectMapper());
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

    /**
     * The version's feature schema, from {@code GET .../versions/{v}/schema}: the one read an ingest token (the
     * sidecar's) is allowed, besides sending samples.
     */
    LoadedSchema loadSchema() throws SchemaUnavailable, InterruptedException {
        JsonNode s = getJson(ApiPaths.versionSchema(model, version), "the feature schema "
                + "of model version " + model + "/" + version + " (register the version with one: mlctl versions "
                + "register --schema NAME@N)");
        String ref = s.path("ref").isTextual() ? s.path("ref").asText() : null;
        String source = s.path("source").isTextual() ? s.path("source").asText() : null;
        JsonNode formatWord = s.path("format");
        if (ref == null || source == null || !(formatWord.isMissingNode() || formatWord.isTextual())) {
            // not asText(): a number or an object must not pass as a schema's name or text
            throw new SchemaUnavailable("the control plane's answer for the schema of " + model + "/" + version
                    + " has no ref and source strings", false);
        }
        try {
            SchemaFormat format = SchemaFormat.valueOf(formatWord.asText("yaml").toUpperCase(Locale.ROOT));
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
        HttpRequest req = request(ApiPaths.samples(model, version) + "?partial=true")
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
}
