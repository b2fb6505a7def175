package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Model servers for the tests, each speaking one protocol's exact wire format (JDK HTTP server on loopback):
 * <ul>
 * <li>OIP v2 ({@code POST /v2/models/{m}/infer}): a row-major FP32 tensor {@code INPUT0} of shape [n, 2] and a BYTES
 * tensor {@code country} of shape [n]; answers {@code probabilities} of shape [n, 2] (FP32) whose column 1 is
 * {@link #score(double, double)}, as the KServe spec's examples are laid out.</li>
 * <li>KServe v1 ({@code POST /v1/models/{m}:predict}): {@code instances} objects, {@code predictions} numbers.</li>
 * <li>TorchServe ({@code POST /predictions/{m}}): a list of instance objects, answered with a list of
 * {@code {"score": p}}.</li>
 * <li>vLLM's OpenAI chat completions ({@code POST /v1/chat/completions}): a JSON answer with {@code usage}, or with
 * {@code "stream": true} SSE chunks (the first one, then — after {@link #releaseStream} — the rest, the usage chunk
 * when {@code stream_options.include_usage}, and {@code data: [DONE]}).</li>
 * <li>{@code POST /echo}, and a {@code :predict} whose body is not JSON: answered with the exact bytes received
 * (the undecodable-body test).</li>
 * </ul>
 */
final class ModelServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final List<String> requestIds = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch streamGate = new CountDownLatch(0);

    ModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The score the servers predict for a row: deterministic, so the tests know every prediction. */
    static double score(double amount, double age) {
        return ((amount * 7 + age * 3) % 100) / 100.0;
    }

    /** Streams hold after their first chunk until {@link #releaseStream()}. */
    void holdStreams() {
        streamGate = new CountDownLatch(1);
    }

    void releaseStream() {
        streamGate.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(body);
            String id = ex.getRequestHeaders().getFirst("x-request-id");
            requestIds.add(id == null ? "" : id);
            String path = ex.getRequestURI().getPath();
            if (path.equals("/echo")) {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                send(ex, 200, type == null ? "application/octet-stream" : type, body);
            } else if (path.startsWith("/v2/models/") && path.endsWith("/infer")) {
                send(ex, 200, "application/json", oip(path.split("/")[3], JSON.readTree(body)));
            } else if (path.startsWith("/v1/models/") && path.endsWith(":predict") && !json(body)) {
                // not JSON (the undecodable-body test): answered with the very bytes received
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                send(ex, 200, type == null ? "application/octet-stream" : type, body);
            } else if (path.startsWith("/v1/models/") && path.endsWith(":predict")) {
                ArrayNode predictions = JSON.createArrayNode();
                for (JsonNode i : JSON.readTree(body).path("instances")) {
                    predictions.add(score(i.path("amount").asDouble(), i.path("customer_age").asDouble()));
                }
                send(ex, 200, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode()
                        .set("predictions", predictions)));
            } else if (path.startsWith("/predictions/")) {
                ArrayNode answers = JSON.createArrayNode();
                for (JsonNode i : JSON.readTree(body)) {
                    answers.add(JSON.createObjectNode().put("score",
                            score(i.path("amount").asDouble(), i.path("age").asDouble())));
                }
                send(ex, 200, "application/json", JSON.writeValueAsBytes(answers));
            } else if (path.equals("/v1/chat/completions")) {
                chat(ex, JSON.readTree(body));
            } else {
                send(ex, 404, "application/json", "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean json(byte[] body) {
        try {
            JSON.readTree(body);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] oip(String model, JsonNode req) throws IOException {
        JsonNode input = null;
        for (JsonNode i : req.path("inputs")) {
            if (i.path("name").asText().equals("INPUT0")) {
                input = i;
            }
        }
        if (input == null) {
            throw new IOException("no INPUT0");
        }
        int n = input.path("shape").path(0).asInt();
        int k = input.path("shape").path(1).asInt();
        ArrayNode data = JSON.createArrayNode();
        for (int r = 0; r < n; r++) {
            double p = score(input.path("data").path(r * k).asDouble(), input.path("data").path(r * k + 1).asDouble());
            data.add((float) (1 - p)).add((float) p);
        }
        ObjectNode out = JSON.createObjectNode().put("model_name", model).put("model_version", "1");
        if (req.has("id")) {
            out.put("id", req.path("id").asText());
        }
        ObjectNode t = out.putArray("outputs").addObject().put("name", "probabilities").put("datatype", "FP32");
        t.putArray("shape").add(n).add(2);
        t.set("data", data);
        return JSON.writeValueAsBytes(out);
    }

    /** vLLM's chat completion answers: JSON, or SSE chunks ({@code chat.completion.chunk}) ending with [DONE]. */
    private void chat(HttpExchange ex, JsonNode req) throws IOException, InterruptedException {
        int prompt = req.path("messages").path(0).path("content").asText().split(" ").length;
        int tokens = req.path("max_tokens").asInt(4);
        String finish = tokens >= 8 ? "length" : "stop";
        if (!req.path("stream").asBoolean()) {
            ObjectNode a = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                    .put("created", 1733000000).put("model", req.path("model").asText());
            ObjectNode c = a.putArray("choices").addObject().put("index", 0);
            c.putObject("message").put("role", "assistant").put("content", "word ".repeat(tokens).trim());
            c.putNull("logprobs");
            c.put("finish_reason", finish);
            a.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt + tokens)
                    .put("completion_tokens", tokens);
            send(ex, 200, "application/json", JSON.writeValueAsBytes(a));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0); // chunked
        OutputStream out = ex.getResponseBody();
        CountDownLatch gate = streamGate;
        for (int i = 0; i <= tokens; i++) {
            ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-2").put("object", "chat.completion.chunk")
                    .put("created", 1733000000).put("model", req.path("model").asText());
            ObjectNode c = chunk.putArray("choices").addObject().put("index", 0);
            if (i == 0) {
                c.putObject("delta").put("role", "assistant").put("content", "");
            } else {
                c.putObject("delta").put("content", i == 1 ? "word" : " word");
            }
            c.putNull("logprobs");
            if (i == tokens) {
                c.put("finish_reason", finish);
            } else {
                c.putNull("finish_reason");
            }
            if (req.path("stream_options").path("include_usage").asBoolean()) {
                chunk.putNull("usage");
            }
            event(out, JSON.writeValueAsString(chunk));
            if (i == 1 && !gate.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the stream");
            }
        }
        if (req.path("stream_options").path("include_usage").asBoolean()) {
            ObjectNode u = JSON.createObjectNode().put("id", "chatcmpl-2").put("object", "chat.completion.chunk")
                    .put("created", 1733000000).put("model", req.path("model").asText());
            u.putArray("choices");
            u.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt + tokens)
                    .put("completion_tokens", tokens);
            event(out, JSON.writeValueAsString(u));
        }
        event(out, "[DONE]");
        out.close();
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
