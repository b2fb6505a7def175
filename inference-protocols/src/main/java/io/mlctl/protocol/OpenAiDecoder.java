package io.mlctl.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.InputMapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI completions and chat completions as vLLM serves them ({@code POST /v1/completions},
 * {@code /v1/chat/completions}), JSON answers and streamed (SSE) answers alike. A generation is one row of measured
 * quantities: {@code prompt_tokens} and {@code completion_tokens} (the answer's {@code usage}), {@code latency_ms}
 * and {@code ttft_ms} (measured by the proxy; a JSON answer's first token is its whole answer),
 * {@code finish_reason} (of the first choice). A feature takes the quantity of its name, or of its mapping's
 * {@code field}; the prediction is the quantity the schema's prediction (or {@code output.field}) names, if any.
 * <p>
 * A stream carries {@code usage} only in its final chunk, and only when the request sets
 * {@code stream_options.include_usage}. Without it, {@code completion_tokens} is the number of chunks that carry
 * generated text (vLLM sends one per decoding step, so speculative decoding or held-back partial characters make
 * it an approximation) and {@code prompt_tokens} is missing.
 */
final class OpenAiDecoder extends JsonDecoder {
    static final String PROMPT_TOKENS = "prompt_tokens";
    static final String COMPLETION_TOKENS = "completion_tokens";
    static final String LATENCY_MS = "latency_ms";
    static final String TTFT_MS = "ttft_ms";
    static final String FINISH_REASON = "finish_reason";
    static final Set<String> QUANTITIES = Set.of(PROMPT_TOKENS, COMPLETION_TOKENS, LATENCY_MS, TTFT_MS, FINISH_REASON);
    private static final String LISTED = "prompt_tokens, completion_tokens, latency_ms, ttft_ms, finish_reason";

    /** Feature name to the quantity it takes (null: none). */
    private final Map<String, String> quantityOf = new LinkedHashMap<>();
    private final String predictionQuantity;
    private final List<String> unmapped = new ArrayList<>();

    OpenAiDecoder(FeatureSchema schema) {
        super(schema);
        for (Feature f : features) {
            InputMapping m = schema.input(f.name()).orElse(null);
            String q = m == null ? f.name() : m.field();
            if (q != null && QUANTITIES.contains(q) && (m == null || m.index() == null)) {
                quantityOf.put(f.name(), q);
            } else {
                quantityOf.put(f.name(), null);
                unmapped.add(f.name() + ": " + (m == null ? "by name: not one of " + LISTED
                        : "its mapping names no quantity of " + LISTED + " (map it with field)"));
            }
        }
        String p = output != null && output.field() != null ? output.field() : predictionName;
        this.predictionQuantity = p != null && QUANTITIES.contains(p) ? p : null;
    }

    @Override
    public List<String> unmappedFeatures() {
        return List.copyOf(unmapped);
    }

    @Override
    public boolean inference(String method, String path) {
        String p = pathOnly(path);
        return post(method) && (p.isEmpty() || p.endsWith("/v1/completions") || p.endsWith("/v1/chat/completions"));
    }

    /** What a generation measured; token counts are null when the answer does not say. */
    private static final class Generation {
        Long promptTokens;
        Long completionTokens;
        String finishReason;
        int finishIndex = Integer.MAX_VALUE;
        long contentChunks;
        boolean error;

        void finish(JsonNode choices) {
            for (JsonNode c : choices) {
                JsonNode reason = c.get("finish_reason");
                int index = c.path("index").asInt(0);
                if (reason != null && reason.isTextual() && index < finishIndex) {
                    finishReason = reason.textValue();
                    finishIndex = index;
                }
            }
        }

        void usage(JsonNode usage) {
            if (usage != null && usage.isObject()) {
                promptTokens = count(usage.get(PROMPT_TOKENS));
                completionTokens = count(usage.get(COMPLETION_TOKENS));
            }
        }

        private static Long count(JsonNode n) {
            return n != null && n.isIntegralNumber() ? n.longValue() : null;
        }
    }

    @Override
    List<SampleRow> decodeAnswered(Exchange ex) throws UndecodableException {
        byte[] body = ex.responseBody();
        if (body == null || body.length == 0) {
            throw new UndecodableException("empty response body");
        }
        boolean streamed = isStream(ex.responseContentType(), body);
        Generation g = streamed ? stream(body) : answer(parse(body, "response"));
        if (streamed && g.completionTokens == null) {
            g.completionTokens = g.contentChunks; // no usage in the stream: count the chunks that carried text
        }
        if (g.error) {
            return List.of(); // an error reported in a 2xx body (vLLM does so mid-stream) is not a generation
        }
        Double latency = Double.isNaN(ex.latencyMs()) ? null : ex.latencyMs();
        Double ttft = streamed ? (Double.isNaN(ex.ttftMs()) ? null : ex.ttftMs()) : latency;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : quantityOf.entrySet()) {
            values.put(e.getKey(), quantity(e.getValue(), g, latency, ttft));
        }
        return List.of(new SampleRow(ex.timestamp(), ex.requestId(), values,
                quantity(predictionQuantity, g, latency, ttft)));
    }

    private static Object quantity(String q, Generation g, Double latency, Double ttft) {
        if (q == null) {
            return null;
        }
        return switch (q) {
            case PROMPT_TOKENS -> g.promptTokens;
            case COMPLETION_TOKENS -> g.completionTokens;
            case LATENCY_MS -> latency;
            case TTFT_MS -> ttft;
            case FINISH_REASON -> g.finishReason;
            default -> null;
        };
    }

    private static boolean isStream(String contentType, byte[] body) {
        if (contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17)) {
            return true;
        }
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return body.length - i >= 5 && body[i] == 'd' && body[i + 1] == 'a' && body[i + 2] == 't' && body[i + 3] == 'a'
                && body[i + 4] == ':';
    }

    /** A JSON answer: {@code {"choices": [...], "usage": {...}}}. */
    private static Generation answer(JsonNode body) throws UndecodableException {
        Generation g = new Generation();
        if (!body.isObject()) {
            throw new UndecodableException("the response is not a JSON object");
        }
        if (isError(body)) {
            g.error = true;
            return g;
        }
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new UndecodableException("the response has no 'choices' list");
        }
        g.finish(choices);
        g.usage(body.get("usage"));
        return g;
    }

    private static boolean isError(JsonNode chunk) {
        return chunk.has("error") || "error".equals(chunk.path("object").asText(null));
    }

    /**
     * A streamed answer: server-sent events whose {@code data} is a JSON chunk, ended by {@code data: [DONE]}.
     * Lines are split by hand over the bytes (CR, LF or CRLF, as SSE allows), and each event's data parsed once.
     */
    private static Generation stream(byte[] body) throws UndecodableException {
        Generation g = new Generation();
        int chunks = 0;
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        boolean hasData = false;
        int i = 0;
        while (i <= body.length) {
            int end = i;
            while (end < body.length && body[end] != '\n' && body[end] != '\r') {
                end++;
            }
            if (end == i) { // a blank line (or the end of the body) dispatches the event
                if (hasData) {
                    if (event(data.toByteArray(), g)) {
                        return g;
                    }
                    chunks++;
                    data.reset();
                    hasData = false;
                }
            } else if (end - i >= 5 && body[i] == 'd' && body[i + 1] == 'a' && body[i + 2] == 't'
                    && body[i + 3] == 'a' && body[i + 4] == ':') {
                int from = i + 5 < end && body[i + 5] == ' ' ? i + 6 : i + 5;
                if (hasData) {
                    data.write('\n');
                }
                data.write(body, from, end - from);
                hasData = true;
            }
            // other fields (event:, id:, retry:) and comments (":") carry nothing a sample needs
            if (end < body.length && body[end] == '\r' && end + 1 < body.length && body[end + 1] == '\n') {
                end++;
            }
            i = end + 1;
        }
        if (chunks == 0) {
            throw new UndecodableException("the event stream has no data chunks");
        }
        return g;
    }

    /** One event's data; true when the stream is over ({@code [DONE]} or an error). */
    private static boolean event(byte[] data, Generation g) throws UndecodableException {
        if (data.length == 6 && new String(data, java.nio.charset.StandardCharsets.US_ASCII).equals("[DONE]")) {
            return true;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (IOException e) {
            throw new UndecodableException("a stream chunk is not JSON: " + firstLine(e.getMessage()));
        }
        if (chunk == null || !chunk.isObject()) {
            throw new UndecodableException("a stream chunk is not a JSON object");
        }
        if (isError(chunk)) {
            g.error = true;
            return true;
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray()) {
            g.finish(choices);
            for (JsonNode c : choices) {
                if (carriesText(c)) {
                    g.contentChunks++;
                }
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            g.usage(usage);
        }
        return false;
    }

    private static boolean carriesText(JsonNode choice) {
        JsonNode text = choice.get("text");
        if (text != null && text.isTextual() && !text.textValue().isEmpty()) {
            return true;
        }
        JsonNode delta = choice.get("delta");
        if (delta == null || !delta.isObject()) {
            return false;
        }
        return nonEmpty(delta.get("content")) || nonEmpty(delta.get("reasoning_content"))
                || (delta.get("tool_calls") != null && delta.get("tool_calls").size() > 0);
    }

    private static boolean nonEmpty(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty();
    }
}
