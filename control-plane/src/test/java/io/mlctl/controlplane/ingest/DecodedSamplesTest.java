package io.mlctl.controlplane.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.Protocol;
import io.mlctl.protocol.SampleRow;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inference logger's decoders end to end on the control plane's side: a schema with {@code inputs}/{@code output}
 * is pushed, a version registered, model-server exchanges decoded with that very schema, and the rows, written as
 * NDJSON lines, are all accepted; their batch request ids ({@code <id>/<i>}) pair two versions' predictions.
 */
class DecodedSamplesTest extends ControlPlaneTest {
    static final String OIP_SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: age, type: numeric}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            inputs:
              - {feature: amount, tensor: INPUT0, index: 0}
              - {feature: age, tensor: INPUT0, index: 1}
              - {feature: country, tensor: country}
            output: {tensor: probabilities, index: 1}
            """;

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "1h");
    }

    @Test
    void oipBatchRowsAreAcceptedAndPairByRequestId() throws Exception {
        String model = "oip-" + kind.name().toLowerCase(Locale.ROOT);
        String schemaDoc = OIP_SCHEMA.formatted(model + "-features");
        http.send("POST", "/api/v1/schemas", "application/yaml", schemaDoc).assertStatus(201);
        // the schema the logger loads is the one the registry stored
        JsonNode stored = http.get("/api/v1/schemas/" + model + "-features/1").assertStatus(200).json();
        assertEquals("INPUT0", stored.path("schema").path("inputs").path(0).path("tensor").asText());
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        StringBuilder ref = new StringBuilder("amount,age,country,is_new,score\n");
        for (int i = 0; i < 400; i++) {
            ref.append(10 + i % 50).append(',').append(20 + i % 40).append(',').append(new String[]{"US", "DE", "FR"}[i % 3])
                    .append(',').append(i % 2 == 0).append(',').append((i % 10) / 10.0).append('\n');
        }
        for (int v = 1; v <= 2; v++) {
            http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/" + v, "runtime", "triton",
                    "schema", model + "-features@1")).assertStatus(201);
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v + "/profile", "text/csv", ref.toString())
                    .assertStatus(200);
        }
        ExchangeDecoder decoder = ExchangeDecoder.of(Protocol.OIP,
                SchemaParser.parse(stored.path("source").asText(), SchemaFormat.YAML).schema());
        assertEquals(List.of("is_new: by name: needs tensor 'is_new'"), decoder.unmappedFeatures());

        StringBuilder input = new StringBuilder();
        StringBuilder countries = new StringBuilder();
        StringBuilder isNew = new StringBuilder();
        StringBuilder baseline = new StringBuilder();
        StringBuilder candidate = new StringBuilder();
        for (int r = 0; r < 8; r++) {
            String sep = r == 0 ? "" : ",";
            input.append(sep).append("[").append(12.5 + r).append(",").append(30 + r).append("]");
            countries.append(sep).append(r == 5 ? "\"BR\"" : "\"US\"");
            isNew.append(sep).append(r % 2 == 0);
            baseline.append(sep).append("[0.9,0.05]");
            // rows 0-3 agree with the baseline (first bin), rows 4-7 do not (last bin)
            candidate.append(sep).append(r < 4 ? "[0.9,0.04]" : "[0.1,0.95]");
        }
        String request = "{\"id\":\"7\",\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[8,2],\"datatype\":\"FP32\",\"data\":["
                + input + "]},{\"name\":\"country\",\"shape\":[8],\"datatype\":\"BYTES\",\"data\":[" + countries
                + "]},{\"name\":\"is_new\",\"shape\":[8,1],\"datatype\":\"BOOL\",\"data\":[" + isNew + "]}]}";
        Instant now = Instant.now();
        for (int v = 1; v <= 2; v++) {
            String response = "{\"model_name\":\"" + model + "\",\"id\":\"7\",\"outputs\":[{\"name\":\"probabilities\","
                    + "\"shape\":[8,2],\"datatype\":\"FP32\",\"data\":[" + (v == 1 ? baseline : candidate) + "]}]}";
            List<SampleRow> rows = decoder.decode(new Exchange("POST", "/v2/models/" + model + "/infer",
                    "application/json", request.getBytes(StandardCharsets.UTF_8), 200, "application/json",
                    response.getBytes(StandardCharsets.UTF_8), "req-7", now, 3.0, 3.0));
            assertEquals(8, rows.size());
            TestHttp.Response accepted = samples(model, v, "oip-" + v, ndjson(rows)).assertStatus(200);
            assertEquals(8, accepted.json().path("accepted").asInt(), accepted.body());
            assertEquals(0, accepted.json().path("rejected").asInt(), accepted.body());
        }
        JsonNode c = http.get("/api/v1/models/" + model + "/drift/compare?baseline=1&candidate=2&period=30m")
                .assertStatus(200).json();
        assertEquals(8, c.path("baselineSamples").asLong(), c.toString());
        assertEquals(8, c.path("pairs").asLong(), c.toString());
        assertEquals(0.5, c.path("agreement").asDouble(), 1e-12, c.toString());
    }

    @Test
    void jsonProtocolRowsAreAccepted() throws Exception {
        String model = "llm-" + kind.name().toLowerCase(Locale.ROOT);
        String schemaDoc = """
                name: %s-features
                features:
                  - {name: prompt_tokens, type: numeric, min: 0}
                  - {name: completion_tokens, type: numeric, min: 0}
                  - {name: latency_ms, type: numeric, min: 0}
                  - {name: ttft_ms, type: numeric, min: 0}
                prediction: {name: finish_reason, type: categorical, values: [stop, length], allowOther: true}
                """.formatted(model);
        http.send("POST", "/api/v1/schemas", "application/yaml", schemaDoc).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/1", "runtime", "vllm",
                "schema", model + "-features")).assertStatus(201);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                "prompt_tokens,completion_tokens,latency_ms,ttft_ms,finish_reason\n12,3,900,35,stop\n5,7,250,250,length\n")
                .assertStatus(200);
        ExchangeDecoder decoder = ExchangeDecoder.of(Protocol.OPENAI, SchemaParser.parse(schemaDoc, SchemaFormat.YAML).schema());
        String stream = """
                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"total_tokens":14,"completion_tokens":2}}

                data: [DONE]

                """;
        List<SampleRow> rows = decoder.decode(new Exchange("POST", "/v1/chat/completions", "application/json",
                "{\"stream\":true}".getBytes(StandardCharsets.UTF_8), 200, "text/event-stream",
                stream.getBytes(StandardCharsets.UTF_8), "chat-1", Instant.now(), 420.0, 31.5));
        TestHttp.Response accepted = samples(model, 1, "llm-1", ndjson(rows)).assertStatus(200);
        assertEquals(1, accepted.json().path("accepted").asInt(), accepted.body());
    }

    private static String ndjson(List<SampleRow> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SampleRow row : rows) {
            row.writeJsonLine(out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private TestHttp.Response samples(String model, int version, String key, String body) {
        return http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/" + version
                        + "/samples")).header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
