package io.mlctl.protocol;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.protocol.DecoderTesting.TS;
import static io.mlctl.protocol.DecoderTesting.exchange;
import static io.mlctl.protocol.DecoderTesting.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vLLM's OpenAI-compatible completions and chat completions, JSON and streamed. */
class OpenAiDecoderTest {
    static final String SCHEMA = """
            name: llm
            features:
              - {name: prompt_tokens, type: numeric}
              - {name: completion_tokens, type: numeric}
              - {name: latency_ms, type: numeric}
              - {name: ttft_ms, type: numeric}
            prediction: {name: finish_reason, type: categorical, values: [stop, length, tool_calls, abort]}
            """;
    static final String COMPLETION = """
            {"id":"cmpl-d771287a234c44498e345f0a429d6691","object":"text_completion","created":1733000000,
             "model":"facebook/opt-125m","choices":[{"index":0,"text":" great place to live.","logprobs":null,
             "finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],
             "usage":{"prompt_tokens":5,"total_tokens":12,"completion_tokens":7,"prompt_tokens_details":null}}
            """;
    static final String CHAT = """
            {"id":"chatcmpl-9a6b1c","object":"chat.completion","created":1733000000,"model":"Qwen/Qwen2.5-1.5B-Instruct",
             "choices":[{"index":0,"message":{"role":"assistant","reasoning_content":null,"content":"Hello! How can I help you today?",
             "tool_calls":[]},"logprobs":null,"finish_reason":"stop","stop_reason":null}],
             "usage":{"prompt_tokens":30,"total_tokens":40,"completion_tokens":10,"prompt_tokens_details":null},
             "prompt_logprobs":null}
            """;
    /** A chat stream with {@code stream_options: {include_usage: true}}: usage in an extra, choice-less chunk. */
    static final String CHAT_STREAM = """
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"m","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"m","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"m","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop","stop_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733000000,"model":"m","choices":[],"usage":{"prompt_tokens":12,"total_tokens":15,"completion_tokens":3}}

            data: [DONE]

            """;
    /** A completions stream without usage, CRLF line ends. */
    static final String COMPLETION_STREAM = ("""
            data: {"id":"cmpl-2","object":"text_completion","created":1733000000,"model":"m","choices":[{"index":0,"text":" San","logprobs":null,"finish_reason":null,"stop_reason":null}]}

            data: {"id":"cmpl-2","object":"text_completion","created":1733000000,"model":"m","choices":[{"index":0,"text":" Francisco","logprobs":null,"finish_reason":null,"stop_reason":null}]}

            data: {"id":"cmpl-2","object":"text_completion","created":1733000000,"model":"m","choices":[{"index":0,"text":" is","logprobs":null,"finish_reason":"length","stop_reason":null}]}

            data: [DONE]

            """).replace("\n", "\r\n");

    private static Map<String, Object> features(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void jsonAnswersOfCompletionsAndChat() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OPENAI, schema(SCHEMA));
        assertEquals(List.of(), d.unmappedFeatures());
        List<SampleRow> rows = d.decode(exchange("/v1/completions",
                "{\"model\":\"facebook/opt-125m\",\"prompt\":\"San Francisco is a\",\"max_tokens\":7}", 200,
                "application/json", COMPLETION, 250.5, 250.5));
        assertEquals(List.of(new SampleRow(TS, "req-1", features("prompt_tokens", 5L, "completion_tokens", 7L,
                "latency_ms", 250.5, "ttft_ms", 250.5), "length")), rows);
        rows = d.decode(exchange("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                200, "application/json", CHAT, 80.0, Double.NaN));
        // a JSON answer arrives whole: its first token comes with its last
        assertEquals(features("prompt_tokens", 30L, "completion_tokens", 10L, "latency_ms", 80.0, "ttft_ms", 80.0),
                rows.get(0).features());
        assertEquals("stop", rows.get(0).prediction());
        assertTrue(d.inference("POST", "/v1/chat/completions"));
        assertFalse(d.inference("GET", "/v1/models"));
        assertFalse(d.inference("POST", "/v1/embeddings"));
    }

    @Test
    void streamedAnswersWithUsageInTheFinalChunk() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OPENAI, schema(SCHEMA));
        List<SampleRow> rows = d.decode(exchange("/v1/chat/completions",
                "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}", 200,
                "text/event-stream; charset=utf-8", CHAT_STREAM, 900.0, 35.0));
        assertEquals(List.of(new SampleRow(TS, "req-1", features("prompt_tokens", 12L, "completion_tokens", 3L,
                "latency_ms", 900.0, "ttft_ms", 35.0), "stop")), rows);
    }

    @Test
    void streamedAnswersWithoutUsageCountTheTextChunks() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OPENAI, schema(SCHEMA));
        // no content type: the body's "data:" says it is an event stream
        List<SampleRow> rows = d.decode(exchange("/v1/completions", "{\"stream\":true}", 200, null,
                COMPLETION_STREAM, 120.0, 15.0));
        assertEquals(features("prompt_tokens", null, "completion_tokens", 3L, "latency_ms", 120.0, "ttft_ms", 15.0),
                rows.get(0).features());
        assertEquals("length", rows.get(0).prediction());
    }

    @Test
    void mappedFieldsRenamedFeaturesAndUnmappableOnes() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OPENAI, schema("""
                name: llm
                features:
                  - {name: tokens_in, type: numeric}
                  - {name: stop_kind, type: categorical, allowOther: true}
                  - {name: temperature, type: numeric}
                  - {name: other, type: numeric}
                prediction: {name: out_tokens, type: numeric}
                inputs:
                  - {feature: tokens_in, field: prompt_tokens}
                  - {feature: stop_kind, field: finish_reason}
                  - {feature: other, tensor: T}
                output: {field: completion_tokens}
                """));
        assertEquals(List.of("temperature: by name: not one of prompt_tokens, completion_tokens, latency_ms, ttft_ms, "
                        + "finish_reason", "other: its mapping names no quantity of prompt_tokens, completion_tokens, "
                        + "latency_ms, ttft_ms, finish_reason (map it with field)"), d.unmappedFeatures());
        SampleRow row = d.decode(exchange("/v1/completions", "{}", 200, "application/json", COMPLETION, 1, 1)).get(0);
        assertEquals(features("tokens_in", 5L, "stop_kind", "length", "temperature", null, "other", null), row.features());
        assertEquals(7L, row.prediction());
    }

    @Test
    void errorsGiveNoRowsAndOtherBodiesAreUndecodable() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OPENAI, schema(SCHEMA));
        assertEquals(List.of(), d.decode(exchange("/v1/completions", "{}", 400,
                "{\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\",\"code\":400}")));
        String midStreamError = CHAT_STREAM.substring(0, CHAT_STREAM.indexOf("data:", 10))
                + "data: {\"error\": {\"object\": \"error\", \"message\": \"engine dead\", \"code\": 500}}\n\n";
        assertEquals(List.of(), d.decode(exchange("/v1/chat/completions", "{}", 200, "text/event-stream", midStreamError,
                1, 1)));
        UndecodableException e = assertThrows(UndecodableException.class,
                () -> d.decode(exchange("/v1/completions", "{}", 200, "{\"predictions\": []}")));
        assertEquals("the response has no 'choices' list", e.getMessage());
        e = assertThrows(UndecodableException.class, () -> d.decode(exchange("/v1/completions", "{}", 200,
                "text/event-stream", "data: {not json}\n\n", 1, 1)));
        assertTrue(e.getMessage().startsWith("a stream chunk is not JSON"), e.getMessage());
        e = assertThrows(UndecodableException.class, () -> d.decode(exchange("/v1/completions", "{}", 200,
                "text/event-stream", ": keep-alive\n\n", 1, 1)));
        assertEquals("the event stream has no data chunks", e.getMessage());
    }
}
