package io.mlctl.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A small JSON client for the control plane's REST API ({@code /api/v1}). Failures become {@link CliException}s with
 * the server's problem+json {@code detail} as the one-line reason and an exit code from {@link ExitCodes}.
 */
public final class ApiClient {
    private final String base;
    private final String token;
    private final HttpClient http;

    public ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String base() {
        return base;
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    /** GETs a non-JSON representation (e.g. {@code text/html}); errors are handled as for JSON calls. */
    public String getText(String path, String accept) {
        HttpRequest req = request(path).setHeader("Accept", accept + ", application/problem+json").GET().build();
        HttpResponse<String> resp = exchange(req);
        if (resp.statusCode() >= 200 && resp.statusCode() < 300) {
            return resp.body();
        }
        fail(resp);
        return null;
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    public JsonNode post(String path, Object body) {
        return send(json(request(path), body, "POST"));
    }

    public JsonNode put(String path, Object body) {
        return send(json(request(path), body, "PUT"));
    }

    public JsonNode patch(String path, Object body) {
        return send(json(request(path), body, "PATCH"));
    }

    /** POSTs bytes with extra headers (e.g. one NDJSON batch with its Idempotency-Key). */
    public JsonNode postBytes(String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** POSTs raw text (e.g. a YAML schema) with the given content type. */
    public JsonNode postText(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
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
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
        Supplier<InputStream> body = () -> {
            try {
                InputStream in = Files.newInputStream(file);
                return progress == null ? in : new ProgressInputStream(in, size, progress, file.getFileName().toString());
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
            }
        };
        HttpRequest.Builder b = request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body),
                        size));
        headers.forEach(b::header);
        return send(b);
    }

    /** Builds {@code path?k=v&...}, skipping null values and URL-encoding the rest. */
    public static String query(String path, Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return j.length() == 0 ? path : path + (path.contains("?") ? "&" : "?") + j;
    }

    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static String seg(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, Object body, String method) {
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Printer.json(body), StandardCharsets.UTF_8));
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpResponse<String> resp = exchange(b.build());
        int status = resp.statusCode();
        String text = resp.body();
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

    private HttpResponse<String> exchange(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

    private void fail(HttpResponse<String> resp) {
        JsonNode node = MissingNode.getInstance();
        try {
            if (resp.body() != null && !resp.body().isBlank()) {
                node = Printer.JSON.readTree(resp.body());
            }
        } catch (IOException e) {
            // not a problem document: the raw text becomes the reason
        }
        throw failure(resp.statusCode(), resp.body(), node);
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
