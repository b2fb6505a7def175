package io.mlctl.protocol.bench;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.Protocol;
import io.mlctl.protocol.SampleRow;
import io.mlctl.protocol.UndecodableException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the inference logger spends per request off the hot path: decoding one exchange into rows and writing them
 * as NDJSON. OIP with 32 features as one {@code [1, 32]} tensor (the logger benchmark's request) and as a
 * {@code [64, 32]} batch; a KServe v1 request of one 32-field object; a streamed vLLM chat answer of 64 chunks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    private ExchangeDecoder oip;
    private ExchangeDecoder kserve;
    private ExchangeDecoder openai;
    private Exchange oipOne;
    private Exchange oipBatch;
    private Exchange kserveOne;
    private Exchange chatStream;

    @Setup
    public void setUp() {
        StringBuilder features = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            features.append("  - {name: f").append(i).append(", type: numeric}\n");
            inputs.append("  - {feature: f").append(i).append(", tensor: INPUT0, index: ").append(i).append("}\n");
        }
        String base = "name: bench\nfeatures:\n" + features + "prediction: {name: score, type: numeric}\n";
        FeatureSchema mapped = SchemaParser.parse(base + "inputs:\n" + inputs + "output: {tensor: probabilities, index: 1}\n",
                SchemaFormat.YAML).schema();
        oip = ExchangeDecoder.of(Protocol.OIP, mapped);
        FeatureSchema byName = SchemaParser.parse(base, SchemaFormat.YAML).schema();
        kserve = ExchangeDecoder.of(Protocol.KSERVE_V1, byName);
        openai = ExchangeDecoder.of(Protocol.OPENAI, SchemaParser.parse("""
                name: llm
                features:
                  - {name: prompt_tokens, type: numeric}
                  - {name: completion_tokens, type: numeric}
                  - {name: latency_ms, type: numeric}
                  - {name: ttft_ms, type: numeric}
                prediction: {name: finish_reason, type: categorical, allowOther: true}
                """, SchemaFormat.YAML).schema());
        oipOne = oipExchange(1);
        oipBatch = oipExchange(64);
        Random r = new Random(1);
        StringBuilder object = new StringBuilder("{\"instances\":[{");
        for (int i = 0; i < 32; i++) {
            object.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":")
                    .append(String.format(Locale.ROOT, "%.6f", r.nextGaussian()));
        }
        object.append("}]}");
        kserveOne = exchange("/v1/models/m:predict", object.toString(), "application/json",
                "{\"predictions\":[{\"score\":0.42}]}");
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sse.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,"
                    + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word\"},\"logprobs\":null,"
                    + "\"finish_reason\":").append(i == 63 ? "\"stop\"" : "null").append("}]}\n\n");
        }
        sse.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,"
                + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"total_tokens\":84,"
                + "\"completion_tokens\":64}}\n\ndata: [DONE]\n\n");
        chatStream = exchange("/v1/chat/completions", "{\"stream\":true}", "text/event-stream", sse.toString());
    }

    private static Exchange oipExchange(int batch) {
        Random r = new Random(batch);
        StringBuilder data = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < batch * 32; i++) {
            data.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", r.nextGaussian()));
        }
        for (int i = 0; i < batch; i++) {
            double p = r.nextDouble();
            out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f,%.6f", 1 - p, p));
        }
        return exchange("/v2/models/m/infer", "{\"id\":\"1\",\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[" + batch
                        + ",32],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", "application/json",
                "{\"model_name\":\"m\",\"id\":\"1\",\"outputs\":[{\"name\":\"probabilities\",\"shape\":[" + batch
                        + ",2],\"datatype\":\"FP32\",\"data\":[" + out + "]}]}");
    }

    private static Exchange exchange(String path, String request, String responseType, String response) {
        return new Exchange("POST", path, "application/json", request.getBytes(StandardCharsets.UTF_8), 200,
                responseType, response.getBytes(StandardCharsets.UTF_8), "req-1", Instant.now(), 3.0, 1.0);
    }

    private static byte[] ndjson(List<SampleRow> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (SampleRow row : rows) {
            row.writeJsonLine(out);
        }
        return out.toByteArray();
    }

    @Benchmark
    public byte[] oip1x32() throws UndecodableException, IOException {
        return ndjson(oip.decode(oipOne));
    }

    @Benchmark
    public byte[] oip64x32() throws UndecodableException, IOException {
        return ndjson(oip.decode(oipBatch));
    }

    @Benchmark
    public byte[] kserveV1Object32() throws UndecodableException, IOException {
        return ndjson(kserve.decode(kserveOne));
    }

    @Benchmark
    public byte[] openaiStream64Chunks() throws UndecodableException, IOException {
        return ndjson(openai.decode(chatStream));
    }
}
