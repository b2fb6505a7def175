package io.mlctl.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mlctl.api.client.ApiPaths;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CLI's transport to the control plane's REST API (paths from {@link ApiPaths}, shared with the operator's
 * typed client). Failures become {@link CliException}s with
 * the server's problem+json {@code detail} as the one-line reason and an exit code from {@link ExitCodes}.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final String ACCEPT_JSON = "application/json, application/problem+json";

    private final String base;
    private final String token;
    private final boolean plainHttp;
    private HttpClient http;

    public ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
        this.plainHttp = base.regionMatches(true, 0, "http://", 0, 7);
    }

    public String base() {
        return base;
    }

    public JsonNode get(String path) {
        return json(exchange(new Call("GET", path, ACCEPT_JSON, null, Map.of(), null, null, null)));
    }

    /** GETs a non-JSON representation (e.g. {@code text/html}); errors are handled as for JSON calls. */
    public String getText(String path, String accept) {
        Reply r = exchange(new Call("GET", path, accept + ", application/problem+json", null, Map.of(), null, null, null));
        if (r.status() >= 200 && r.status() < 300) {
            return r.body();
        }
        throw failure(r.status(), r.body(), parseQuietly(r.body()));
    }

    public JsonNode delete(String path) {
        return json(exchange(new Call("DELETE", path, ACCEPT_JSON, null, Map.of(), null, null, null)));
    }

    public JsonNode post(String path, Object body) {
        return sendJson("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return sendJson("PUT", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return sendJson("PATCH", path, body);
    }

    /** POSTs bytes with extra headers (e.g. one NDJSON batch with its Idempotency-Key). */
    public JsonNode postBytes(String path, byte[] body, String contentType, Map<String, String> headers) {
        return json(exchange(new Call("POST", path, ACCEPT_JSON, contentType, headers, body, null, null)));
    }

    /** POSTs raw text (e.g. a YAML schema) with the given content type. */
    public JsonNode postText(String path, String body, String contentType) {
        return json(exchange(new Call("POST", path, ACCEPT_JSON, contentType, Map.of(),
                body.getBytes(StandardCharsets.UTF_8), null, null)));
    }

    /**
     * Streams a file as the request body (never loaded whole), drawing a progress bar on {@code progress} when it
     * is not null.
     */
    public JsonNode postFile(String path, Path file, String contentType, Map<String, String> headers,
                             PrintStream progress) {
        return sendFile("POST", path, file, contentType, headers, progress);
    }

    /** {@link #postFile} with another method (PUT for uploads that replace a resource). */
    public JsonNode sendFile(String method, String path, Path file, String contentType, Map<String, String> headers,
                             PrintStream progress) {
        if (!Files.isReadable(file)) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file);
        }
        return json(exchange(new Call(method, path, ACCEPT_JSON, contentType, headers, null, file, progress)));
    }

    private JsonNode sendJson(String method, String path, Object body) {
        return json(exchange(new Call(method, path, ACCEPT_JSON, "application/json", Map.of(),
                Printer.json(body).getBytes(StandardCharsets.UTF_8), null, null)));
    }

    /** {@link ApiPaths#query}: commands build paths with {@link ApiPaths} and add their options with this. */
    public static String query(String path, Map<String, ?> params) {
        return ApiPaths.query(path, params);
    }

    public static Map<String, Object> params(Object... kv) {
        return ApiPaths.params(kv);
    }

    public static String seg(String pathSegment) {
        return ApiPaths.seg(pathSegment);
    }

    /** One request: a body of bytes, or a file streamed from disk (with an optional progress bar), or none. */
    private record Call(String method, String path, String accept, String contentType, Map<String, String> headers,
                        byte[] bytes, Path file, PrintStream progress) {
    }

    private record Reply(int status, String body) {
    }

    /**
     * Plain-HTTP requests go through {@link HttpURLConnection}, which starts in a fraction of the time of
     * {@link HttpClient} (that one sets up TLS, cipher suites and a selector thread even for http:// URLs, most of a
     * short command's time); HTTPS and PATCH (which HttpURLConnection refuses) use HttpClient.
     */
    private Reply exchange(Call call) {
        try {
            return plainHttp && !call.method().equals("PATCH") ? viaUrlConnection(call) : viaHttpClient(call);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the control plane at " + base
                    + " (start it with 'bin/mlctl server' or set MLCTL_SERVER)", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "request to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted", e);
        }
    }

    private Reply viaUrlConnection(Call call) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + call.path()).toURL().openConnection();
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(call.method());
        c.setRequestProperty("Accept", call.accept());
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (call.contentType() != null) {
            c.setRequestProperty("Content-Type", call.contentType());
        }
        call.headers().forEach(c::setRequestProperty);
        try {
            if (call.bytes() != null || call.file() != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(call.file() != null ? Files.size(call.file()) : call.bytes().length);
                try (InputStream in = call.file() != null ? open(call) : new ByteArrayInputStream(call.bytes());
                     OutputStream out = c.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // the server may answer (413, 401...) and close before the body is all sent: that answer is the
                    // reason, not the broken connection
                    if (e instanceof ConnectException || !answered(c)) {
                        throw e;
                    }
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(status, text);
        } catch (HttpRetryException e) {
            // a streamed body cannot be sent again for an authentication challenge: the status is all there is
            return new Reply(e.responseCode(), e.getReason() == null ? "" : e.getReason());
        } finally {
            c.disconnect();
        }
    }

    private static boolean answered(HttpURLConnection c) {
        try {
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Reply viaHttpClient(Call call) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", call.accept());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (call.contentType() != null) {
            b.header("Content-Type", call.contentType());
        }
        call.headers().forEach(b::header);
        if (call.file() != null) {
            Supplier<InputStream> body = () -> {
                try {
                    return open(call);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.FAILED, "cannot read " + call.file() + ": " + e.getMessage(), e);
                }
            };
            b.method(call.method(), HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(body), Files.size(call.file())));
        } else if (call.bytes() != null) {
            b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.bytes()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        }
        HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(resp.statusCode(), resp.body());
    }

    private static InputStream open(Call call) throws IOException {
        InputStream in = Files.newInputStream(call.file());
        return call.progress() == null ? in
                : new ProgressInputStream(in, Files.size(call.file()), call.progress(), call.file().getFileName().toString());
    }

    private static JsonNode json(Reply r) {
        int status = r.status();
        String text = r.body();
        JsonNode node = MissingNode.getInstance();
        if (text != null && !text.isBlank()) {
            try {
                node = Printer.JSON.readTree(text);
            } catch (IOException e) {
                if (status < 300) {
                    throw new CliException(ExitCodes.FAILED, "unexpected response from server: " + abbreviate(text));
                }
            }
        }
        if (status >= 200 && status < 300) {
            return node;
        }
        throw failure(status, text, node);
    }

    private static JsonNode parseQuietly(String text) {
        try {
            if (text != null && !text.isBlank()) {
                return Printer.JSON.readTree(text);
            }
        } catch (IOException e) {
            // not a problem document: the raw text becomes the reason
        }
        return MissingNode.getInstance();
    }

    private static ApiException failure(int status, String text, JsonNode node) {
        String detail = node.path("detail").asText(null);
        if (detail == null || detail.isBlank()) {
            detail = node.path("title").asText(null);
        }
        if (detail == null || detail.isBlank()) {
            detail = abbreviate(text == null ? "" : text);
        }
        String reason = "HTTP " + status + ": " + detail;
        int code = switch (status) {
            case 404 -> ExitCodes.NOT_FOUND;
            case 502, 503, 504 -> ExitCodes.UNREACHABLE;
            default -> ExitCodes.FAILED;
        };
        return new ApiException(code, status, reason, node);
    }

    private static String abbreviate(String s) {
        s = s.replace('\n', ' ').trim();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A non-2xx answer; {@link #problem()} is the parsed problem+json body (rows errors etc.). */
    public static final class ApiException extends CliException {
        private final int status;
        private final transient JsonNode problem;

        ApiException(int exitCode, int status, String message, JsonNode problem) {
            super(exitCode, message);
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return status;
        }

        public JsonNode problem() {
            return problem;
        }
    }
}
