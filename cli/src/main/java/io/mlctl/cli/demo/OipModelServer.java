package io.mlctl.cli.demo;

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
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's model server: a small fraud scorer that speaks the Open Inference Protocol v2 over REST as Triton and
 * KServe do (health, model metadata, {@code POST /v2/models/{name}[/versions/{v}]/infer}). It is here for
 * {@code mlctl demo} and the tests only: a real model server in a real process boundary (HTTP), so the inference
 * logger in front of it sees exactly the wire format a production server produces.
 *
 * <p>Inputs (one row per batch entry): {@code amount} FP64 {@code [n]} or {@code [n, 1]}, {@code country} BYTES
 * {@code [n]}, {@code is_new_customer} BOOL {@code [n]}. Output: {@code probabilities} FP32 {@code [n, 2]}, column 1
 * being the probability of fraud; a deterministic logistic score of the features, so a drift in the features shows
 * in the predictions too.
 */
public final class OipModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INFER = Pattern.compile("/v2/models/([^/]+)(?:/versions/([^/]+))?/infer");
    private static final Set<String> KNOWN_COUNTRIES = Set.of("US", "DE", "FR", "GB");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String model;

    private OipModelServer(HttpServer server, ExecutorService executor, String model) {
        this.server = server;
        this.executor = executor;
        this.model = model;
    }

    /** Starts the server on a free loopback port, serving the model {@code model}. */
    public static OipModelServer start(String model) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "oip-model-server");
            t.setDaemon(true);
            return t;
        });
        OipModelServer s = new OipModelServer(server, executor, model);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The fraud probability the server answers for one row. */
    public static double score(double amount, String country, boolean newCustomer) {
        double z = -3 + 0.4 * Math.log(Math.max(amount, 1e-9)) + (KNOWN_COUNTRIES.contains(country) ? 0 : 1.0)
                + (newCustomer ? 0.6 : 0);
        return 1 / (1 + Math.exp(-z));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && (path.equals("/v2/health/live") || path.equals("/v2/health/ready")
                    || path.equals("/v2/models/" + model + "/ready"))) {
                send(exchange, 200, JSON.createObjectNode().put("live", true));
            } else if (method.equals("GET") && path.equals("/v2/models/" + model)) {
                send(exchange, 200, metadata());
            } else if (method.equals("GET") && path.equals("/v2")) {
                send(exchange, 200, JSON.createObjectNode().put("name", "mlctl-demo-oip").put("version", "1"));
            } else {
                Matcher m = INFER.matcher(path);
                if (!m.matches()) {
                    error(exchange, 404, "no route " + method + " " + path);
                } else if (!method.equals("POST")) {
                    error(exchange, 405, "infer takes POST");
                } else if (!m.group(1).equals(model)) {
                    error(exchange, 404, "unknown model '" + m.group(1) + "'");
                } else {
                    infer(exchange);
                }
            }
        }
    }

    private void infer(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in);
        } catch (IOException e) {
            error(exchange, 400, "the body is not JSON");
            return;
        }
        JsonNode inputs = request == null ? null : request.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            error(exchange, 400, "'inputs' must be a list of tensors");
            return;
        }
        JsonNode amount = tensor(inputs, "amount");
        JsonNode country = tensor(inputs, "country");
        JsonNode newCustomer = tensor(inputs, "is_new_customer");
        if (amount == null || country == null || newCustomer == null) {
            error(exchange, 400, "inputs amount (FP64), country (BYTES) and is_new_customer (BOOL) are required");
            return;
        }
        int n = amount.size();
        if (country.size() != n || newCustomer.size() != n) {
            error(exchange, 400, "the input tensors have different batch sizes");
            return;
        }
        ArrayNode data = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            double p = score(amount.get(i).asDouble(), country.get(i).asText(), newCustomer.get(i).asBoolean());
            data.add((float) (1 - p)).add((float) p);
        }
        ObjectNode response = JSON.createObjectNode().put("model_name", model).put("model_version", "1");
        if (request.hasNonNull("id")) {
            response.set("id", request.get("id"));
        }
        ObjectNode out = response.putArray("outputs").addObject().put("name", "probabilities").put("datatype", "FP32");
        out.putArray("shape").add(n).add(2);
        out.set("data", data);
        send(exchange, 200, response);
    }

    /** A tensor's values flattened row-major (OIP allows flat or nested data). */
    private static JsonNode tensor(JsonNode inputs, String name) {
        for (JsonNode t : inputs) {
            if (name.equals(t.path("name").asText())) {
                ArrayNode flat = JSON.createArrayNode();
                flatten(t.path("data"), flat);
                return flat;
            }
        }
        return null;
    }

    private static void flatten(JsonNode node, ArrayNode into) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, into));
        } else {
            into.add(node);
        }
    }

    private ObjectNode metadata() {
        ObjectNode m = JSON.createObjectNode().put("name", model).put("platform", "mlctl-demo");
        m.putArray("versions").add("1");
        ArrayNode in = m.putArray("inputs");
        in.addObject().put("name", "amount").put("datatype", "FP64").putArray("shape").add(-1).add(1);
        in.addObject().put("name", "country").put("datatype", "BYTES").putArray("shape").add(-1);
        in.addObject().put("name", "is_new_customer").put("datatype", "BOOL").putArray("shape").add(-1);
        m.putArray("outputs").addObject().put("name", "probabilities").put("datatype", "FP32").putArray("shape")
                .add(-1).add(2);
        return m;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
