package io.mlctl.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
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

/** KServe v1 ({@code :predict}) and TorchServe ({@code /predictions}). */
class InstancesDecoderTest {
    static final String PREDICT = "/v1/models/sklearn-iris:predict";
    static final String IRIS = """
            name: iris
            features:
              - {name: sepal_length, type: numeric}
              - {name: sepal_width, type: numeric}
              - {name: petal_length, type: numeric}
              - {name: petal_width, type: numeric}
            prediction: {name: species, type: categorical, values: [0, 1, 2]}
            inputs:
              - {feature: sepal_length, index: 0}
              - {feature: sepal_width, index: 1}
              - {feature: petal_length, index: 2}
              - {feature: petal_width, index: 3}
            """;

    private static Map<String, Object> features(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Object> predictions(List<SampleRow> rows) {
        return rows.stream().map(SampleRow::prediction).toList();
    }

    /** KServe's v1 example (the sklearn iris InferenceService): array instances by position. */
    @Test
    void kserveV1TheIrisExample() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(IRIS));
        assertEquals(List.of(), d.unmappedFeatures());
        List<SampleRow> rows = d.decode(exchange(PREDICT,
                "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}", 200, "{\"predictions\": [1, 1]}"));
        assertEquals(List.of(
                new SampleRow(TS, "req-1", features("sepal_length", 6.8, "sepal_width", 2.8, "petal_length", 4.8,
                        "petal_width", 1.4), 1L),
                new SampleRow(TS, "req-1/1", features("sepal_length", 6.0, "sepal_width", 3.4, "petal_length", 4.5,
                        "petal_width", 1.6), 1L)), rows);
        // KServe reads "inputs" as it reads "instances"
        assertEquals(rows, d.decode(exchange(PREDICT, "{\"inputs\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}",
                200, "{\"predictions\": [1, 1]}")));
        assertTrue(d.inference("POST", "/v1/models/sklearn-iris:predict"));
        assertFalse(d.inference("POST", "/v1/models/sklearn-iris:explain"));
        assertFalse(d.inference("GET", "/v1/models/sklearn-iris"));
        assertEquals(List.of(), d.decode(exchange(PREDICT, "{\"instances\": [[1]]}", 500, "{\"error\": \"boom\"}")));
    }

    @Test
    void kserveV1ObjectsByFieldOrNameAndPredictionObjects() throws Exception {
        String schema = """
                name: fraud
                features:
                  - {name: amount, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                  - {name: is_new_customer, type: boolean}
                  - {name: second_embedding, type: numeric}
                prediction: {name: score, type: numeric}
                inputs:
                  - {feature: is_new_customer, field: is_new}
                  - {feature: second_embedding, field: emb, index: 1}
                """;
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(schema));
        assertEquals(List.of("amount: by name: needs field 'amount' in each instance object",
                "country: by name: needs field 'country' in each instance object"), d.unmappedFeatures());
        String request = """
                {"instances": [
                  {"amount": 12.5, "country": "DE", "is_new": true, "emb": [0.1, 0.2]},
                  {"amount": 3, "country": 7, "is_new": false, "extra": "x"}]}
                """;
        List<SampleRow> rows = d.decode(exchange(PREDICT, request, 200,
                "{\"predictions\": [{\"score\": 0.9, \"label\": 1}, {\"score\": 0.1, \"label\": 0}]}"));
        assertEquals(features("amount", 12.5, "country", "DE", "is_new_customer", true, "second_embedding", 0.2),
                rows.get(0).features());
        // a categorical fed a number keeps the number: the control plane maps categories
        assertEquals(features("amount", 3L, "country", 7L, "is_new_customer", false, "second_embedding", null),
                rows.get(1).features());
        assertEquals(List.of(0.9, 0.1), predictions(rows));

        ExchangeDecoder byField = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(schema + "output: {field: label}\n"));
        assertEquals(List.of(1L, 0L), predictions(byField.decode(exchange(PREDICT, request, 200,
                "{\"predictions\": [{\"score\": 0.9, \"label\": 1}, {\"score\": 0.1, \"label\": 0}]}"))));
        ExchangeDecoder column = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(schema + "output: {index: 1}\n"));
        assertEquals(List.of(0.8, 0.3), predictions(column.decode(exchange(PREDICT, request, 200,
                "{\"predictions\": [[0.2, 0.8], [0.7, 0.3]]}"))));
        ExchangeDecoder argmax = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(schema + "output: {argmax: true}\n"));
        assertEquals(List.of(1L, 0L), predictions(argmax.decode(exchange(PREDICT, request, 200,
                "{\"predictions\": [[0.2, 0.8], [0.7, 0.3]]}"))));
    }

    @Test
    void kserveV1BodiesThatDoNotFitAreUndecodable() {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.KSERVE_V1, schema(IRIS));
        Map<String[], String> cases = new LinkedHashMap<>();
        cases.put(new String[]{"[[1, 2, 3, 4]]", "{}"}, "the request is not a JSON object with instances");
        cases.put(new String[]{"{\"data\": [1]}", "{}"}, "the request has no 'instances' list");
        cases.put(new String[]{"{\"inputs\": {\"a\": [1]}}", "{}"}, "'inputs' is not a list (columnar inputs are not decoded)");
        cases.put(new String[]{"{\"instances\": [{\"a\": 1}]}", "{}"},
                "none of the schema's features is in the instances (fields [a])");
        cases.put(new String[]{"{\"instances\": [[1, 2, 3, 4]]}", "{\"outputs\": []}"}, "the response has no 'predictions' list");
        cases.put(new String[]{"{\"instances\": [[1, 2, 3, 4]]}", "{\"predictions\": [1, 2]}"},
                "the response has 2 predictions for 1 instances");
        cases.put(new String[]{"{\"instances\": [[1, 2, 3, 4]]}", "{\"predictions\": [[0.1, 0.9]]}"},
                "prediction 0 is a list of 2 values: choose one with output.index or argmax: true");
        cases.put(new String[]{"{\"instances\": [[1, [2], 3, 4]]}", "{\"predictions\": [1]}"},
                "sepal_width of instance 0 is a list, not a value");
        cases.put(new String[]{"{\"instances\": [[1, 2, 3, 4]]}", "<html>"}, "response body is not JSON");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            UndecodableException e = assertThrows(UndecodableException.class,
                    () -> d.decode(exchange(PREDICT, c.getKey()[0], 200, c.getKey()[1])), c.getKey()[0]);
            assertTrue(e.getMessage().startsWith(c.getValue()), Arrays.toString(c.getKey()) + " -> " + e.getMessage());
        }
    }

    @Test
    void torchServeOneInstanceOrAList() throws Exception {
        String schema = """
                name: reviews
                features:
                  - {name: length, type: numeric}
                  - {name: lang, type: categorical, allowOther: true}
                prediction: {name: sentiment, type: categorical, values: [positive, negative]}
                """;
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.TORCHSERVE, schema(schema));
        String path = "/predictions/reviews/2.0";
        assertTrue(d.inference("POST", path));
        assertFalse(d.inference("POST", "/ping"));
        assertEquals(List.of(new SampleRow(TS, "req-1", features("length", 120L, "lang", "en"), "positive")),
                d.decode(exchange(path, "{\"length\": 120, \"lang\": \"en\"}", 200, "\"positive\"")));
        assertEquals(List.of("positive"), predictions(d.decode(exchange(path, "{\"length\": 120, \"lang\": \"en\"}",
                200, "text/plain", "positive\n", 3, 3))));
        assertEquals(List.of("negative"), predictions(d.decode(exchange(path, "{\"length\": 1}", 200,
                "{\"sentiment\": \"negative\", \"confidence\": 0.8}"))));
        List<SampleRow> two = d.decode(exchange(path, "[{\"length\": 1, \"lang\": \"de\"}, {\"length\": 2}]", 200,
                "[\"negative\", {\"sentiment\": \"positive\"}]"));
        assertEquals(List.of("req-1", "req-1/1"), two.stream().map(SampleRow::requestId).toList());
        assertEquals(features("length", 2L, "lang", null), two.get(1).features());
        assertEquals(List.of("negative", "positive"), predictions(two));
        UndecodableException e = assertThrows(UndecodableException.class, () -> d.decode(exchange(path,
                "[{\"length\": 1}, {\"length\": 2}]", 200, "\"positive\"")));
        assertEquals("the answer to 2 instances is not a list of 2 predictions", e.getMessage());
        e = assertThrows(UndecodableException.class, () -> d.decode(exchange(path, "\u00ff\u00d8 jpeg bytes", 200, "{}")));
        assertTrue(e.getMessage().startsWith("request body is not JSON"), e.getMessage());
        assertEquals(List.of(), d.decode(exchange(path, "{\"length\": 1}", 503, "{\"code\": 503}")));
    }

    /** TorchServe's image classifier answer (label -> probability, top 5), as in its README. */
    @Test
    void torchServeArgmaxOfALabelScoreObject() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.TORCHSERVE, schema("""
                name: images
                features: [{name: width, type: numeric}]
                prediction: {name: label, type: categorical, allowOther: true}
                output: {argmax: true}
                """));
        String answer = """
                {
                  "tabby": 0.40966343879699707,
                  "tiger_cat": 0.346704363822937,
                  "Egyptian_cat": 0.13002890348434448,
                  "lynx": 0.023919545114040375,
                  "quilt": 0.0170152187347412
                }
                """;
        assertEquals(List.of("tabby"), predictions(d.decode(exchange("/predictions/resnet-18", "{\"width\": 224}",
                200, answer))));
        assertEquals(List.of(2L), predictions(d.decode(exchange("/predictions/resnet-18", "{\"width\": 224}",
                200, "[[0.1, 0.2, 0.7]]"))));
    }

    @Test
    void tensorMappingsAreUnmappedForJsonProtocols() {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.TORCHSERVE, schema("""
                name: t
                features: [{name: a, type: numeric}, {name: b, type: numeric}]
                inputs: [{feature: a, tensor: INPUT0, index: 0}, {feature: b, field: bee}]
                """));
        assertEquals(List.of("a: mapped to tensor 'INPUT0', which torchserve requests do not have (map it to a field "
                + "or an index)"), d.unmappedFeatures());
    }
}
