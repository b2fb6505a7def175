package io.mlctl.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small model server speaking the Open Inference Protocol v2 REST API (KServe's spec): {@code POST
 * /v2/models/{name}/infer} with a numeric input tensor {@code amount} of shape {@code [batch, 1]} answers the output
 * tensor {@code score} of the same shape, one prediction per row from {@code model}; {@code GET /v2/health/ready}
 * answers 200. What the inference logger sits in front of in the operator and deploy tests.
 */
public final class OipModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INFER = Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?/infer$");

    private final HttpServer server;
    private final AtomicLong inferences = new AtomicLong();

    private OipModelServer(HttpServer server) {
        this.server = server;
    }

    /** On a free port of 127.0.0.1; {@code model} maps an amount to the score it predicts. */
    public static OipModelServer start(DoubleUnaryOperator model) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        OipModelServer s = new OipModelServer(server);
        server.createContext("/", exchange -> s.handle(exchange, model));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "oip-model-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long inferences() {
        return inferences.get();
    }

    private void handle(HttpExchange exchange, DoubleUnaryOperator model) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.startsWith("/v2/health/")) {
                send(exchange, 200, "{}");
                return;
            }
            Matcher m = INFER.matcher(path);
            if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
                send(exchange, 404, "{\"error\":\"no route " + path + "\"}");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                send(exchange, 400, "{\"error\":\"the body is not JSON\"}");
                return;
            }
            JsonNode amount = null;
            for (JsonNode input : request.path("inputs")) {
                if (input.path("name").asText().equals("amount")) {
                    amount = input;
                }
            }
            if (amount == null || !amount.path("data").isArray()) {
                send(exchange, 400, "{\"error\":\"input tensor 'amount' is missing\"}");
                return;
            }
            ObjectNode answer = JSON.createObjectNode().put("model_name", m.group(1));
            if (m.group(2) != null) {
                answer.put("model_version", m.group(2));
            }
            if (request.has("id")) {
                answer.put("id", request.path("id").asText());
            }
            ArrayNode data = JSON.createArrayNode();
            for (JsonNode a : amount.path("data")) {
                data.add(model.applyAsDouble(a.asDouble()));
            }
            ObjectNode score = answer.putArray("outputs").addObject().put("name", "score").put("datatype", "FP32");
            score.putArray("shape").add(data.size()).add(1);
            score.set("data", data);
            inferences.incrementAndGet();
            send(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request body for rows of {@code amount}, as a client would send it. */
    public static String request(double... amounts) {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode in = r.putArray("inputs").addObject().put("name", "amount").put("datatype", "FP32");
        in.putArray("shape").add(amounts.length).add(1);
        ArrayNode data = in.putArray("data");
        for (double a : amounts) {
            data.add(a);
        }
        return r.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
