package io.mlctl.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.protocol.DecoderTesting.TS;
import static io.mlctl.protocol.DecoderTesting.exchange;
import static io.mlctl.protocol.DecoderTesting.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OipDecoderTest {
    /** The inference request example of the Open Inference Protocol (KServe's v2 REST spec), verbatim. */
    static final String SPEC_REQUEST = """
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input0",
                  "shape" : [ 2, 2 ],
                  "datatype" : "UINT32",
                  "data" : [ 1, 2, 3, 4 ]
                },
                {
                  "name" : "input1",
                  "shape" : [ 3 ],
                  "datatype" : "BOOL",
                  "data" : [ true ]
                }
              ],
              "outputs" : [
                {
                  "name" : "output0"
                }
              ]
            }
            """;
    /** The spec's response example, verbatim but for the comma the spec's text lacks after "id". */
    static final String SPEC_RESPONSE = """
            {
              "id" : "42",
              "outputs" : [
                {
                  "name" : "output0",
                  "shape" : [ 3, 2 ],
                  "datatype"  : "FP32",
                  "data" : [ 1.0, 1.1, 2.0, 2.1, 3.0, 3.1 ]
                }
              ]
            }
            """;
    static final String INFER = "/v2/models/mymodel/infer";

    private static Map<String, Object> features(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theSpecExampleGivesOneRowPerBatchRow() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: spec
                features:
                  - {name: a, type: numeric}
                  - {name: b, type: numeric}
                inputs:
                  - {feature: a, tensor: input0, index: 0}
                  - {feature: b, tensor: input0, index: 1}
                """));
        assertEquals(List.of(), d.unmappedFeatures());
        List<SampleRow> rows = d.decode(exchange(INFER, SPEC_REQUEST, 200, SPEC_RESPONSE));
        assertEquals(List.of(new SampleRow(TS, "req-1", features("a", 1L, "b", 2L), null),
                new SampleRow(TS, "req-1/1", features("a", 3L, "b", 4L), null)), rows);
        // the spec's response has 3 output rows for the 2 input rows: mapping a prediction to it cannot pair them
        ExchangeDecoder withPrediction = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: spec
                features: [{name: a, type: numeric}]
                prediction: {name: p, type: numeric}
                inputs: [{feature: a, tensor: input0, index: 0}]
                output: {tensor: output0, index: 1}
                """));
        UndecodableException e = assertThrows(UndecodableException.class,
                () -> withPrediction.decode(exchange(INFER, SPEC_REQUEST, 200, SPEC_RESPONSE)));
        assertEquals("output 'output0' has 3 rows for 2 input rows", e.getMessage());
        String twoRows = SPEC_RESPONSE.replace("[ 3, 2 ]", "[ 2, 2 ]").replace(", 3.0, 3.1", "");
        rows = withPrediction.decode(exchange(INFER, SPEC_REQUEST, 200, twoRows));
        assertEquals(List.of(1.1, 2.1), rows.stream().map(SampleRow::prediction).toList());
    }

    @Test
    void anEightRowBatchGivesEightRowsFromNestedOrFlatData() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: batch
                features:
                  - {name: amount, type: numeric}
                  - {name: age, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                prediction: {name: score, type: numeric}
                inputs:
                  - {feature: amount, tensor: INPUT0, index: 0}
                  - {feature: age, tensor: INPUT0, index: 2}
                output: {tensor: probabilities, index: 1}
                """));
        StringBuilder nested = new StringBuilder();
        List<Double> flat = new ArrayList<>();
        StringBuilder countries = new StringBuilder();
        StringBuilder probabilities = new StringBuilder();
        for (int r = 0; r < 8; r++) {
            nested.append(r == 0 ? "" : ",").append("[").append(r).append(".5, 0, ").append(20 + r).append("]");
            flat.addAll(List.of(r + 0.5, 0.0, 20.0 + r));
            countries.append(r == 0 ? "" : ",").append(r % 2 == 0 ? "\"US\"" : "\"DE\"");
            probabilities.append(r == 0 ? "" : ",").append("[0.9, 0.").append(r).append("]");
        }
        String response = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"label\",\"shape\":[8],\"datatype\":\"INT64\","
                + "\"data\":[0,0,0,0,0,0,0,0]},{\"name\":\"probabilities\",\"shape\":[8,2],\"datatype\":\"FP32\","
                + "\"data\":[" + probabilities + "]}]}";
        for (String data : List.of("[" + nested + "]", flat.toString())) {
            String request = "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[8,3],\"datatype\":\"FP32\",\"data\":" + data
                    + "},{\"name\":\"country\",\"shape\":[8,1],\"datatype\":\"BYTES\",\"data\":[" + countries + "]}]}";
            List<SampleRow> rows = d.decode(exchange(INFER, request, 200, response));
            assertEquals(8, rows.size());
            for (int r = 0; r < 8; r++) {
                SampleRow row = rows.get(r);
                assertEquals(r == 0 ? "req-1" : "req-1/" + r, row.requestId());
                // INPUT0 is FP32: 0 and 20 are doubles; country is found by its own name
                assertEquals(features("amount", r + 0.5, "age", 20.0 + r, "country", r % 2 == 0 ? "US" : "DE"),
                        row.features());
                assertEquals(Double.parseDouble("0." + r), row.prediction());
                assertEquals(TS, row.ts());
            }
        }
    }

    @Test
    void byNameTheOutputNamedAfterThePredictionOrTheOnlyOneAndArgmax() throws Exception {
        String schema = """
                name: named
                features:
                  - {name: amount, type: numeric}
                  - {name: is_new, type: boolean}
                  - {name: plan, type: categorical, values: [1, 2]}
                prediction: {name: score, type: numeric}
                """;
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema(schema));
        assertEquals(List.of("amount: by name: needs tensor 'amount'", "is_new: by name: needs tensor 'is_new'",
                "plan: by name: needs tensor 'plan'"), d.unmappedFeatures());
        String request = """
                {"id": "x", "parameters": {"content_type": "pd"}, "inputs": [
                  {"name": "amount", "shape": [2], "datatype": "FP64", "data": [10.5, 99]},
                  {"name": "is_new", "shape": [2, 1], "datatype": "BOOL", "data": [[true], [false]]},
                  {"name": "plan", "shape": [2], "datatype": "INT32", "data": [2, 1]},
                  {"name": "unused", "shape": [2, 2, 2], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6, 7, 8]}]}
                """;
        String named = """
                {"model_name": "m", "outputs": [
                  {"name": "other", "shape": [2], "datatype": "FP32", "data": [7, 7]},
                  {"name": "score", "shape": [2, 1], "datatype": "FP32", "data": [0.25, 0.75]}]}
                """;
        List<SampleRow> rows = d.decode(exchange(INFER, request, 200, named));
        assertEquals(features("amount", 10.5, "is_new", true, "plan", 2L), rows.get(0).features());
        assertEquals(features("amount", 99.0, "is_new", false, "plan", 1L), rows.get(1).features());
        assertEquals(Arrays.asList(0.25, 0.75), rows.stream().map(SampleRow::prediction).toList());
        String only = "{\"outputs\":[{\"name\":\"out\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[1,0]}]}";
        assertEquals(List.of(1L, 0L), d.decode(exchange(INFER, request, 200, only)).stream()
                .map(SampleRow::prediction).toList());
        UndecodableException e = assertThrows(UndecodableException.class, () -> d.decode(exchange(INFER, request, 200,
                named.replace("\"score\"", "\"proba\""))));
        assertEquals("the response has 2 output tensors [other, proba] and none is named 'score': choose one with "
                + "output.tensor", e.getMessage());

        ExchangeDecoder argmax = ExchangeDecoder.of(Protocol.OIP, schema(schema + "output: {argmax: true}\n"));
        String probabilities = "{\"outputs\":[{\"name\":\"p\",\"shape\":[2,3],\"datatype\":\"FP32\","
                + "\"data\":[[0.1,0.7,0.2],[0.5,0.2,0.3]]}]}";
        assertEquals(List.of(1L, 0L), argmax.decode(exchange(INFER, request, 200, probabilities)).stream()
                .map(SampleRow::prediction).toList());
        e = assertThrows(UndecodableException.class, () -> d.decode(exchange(INFER, request, 200, probabilities)));
        assertEquals("output 'p' has 3 values per row: choose one with output.index or argmax: true", e.getMessage());
    }

    @Test
    void aColumnOfTheOnlyInputTensorAndMissingInputs() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: positional
                features:
                  - {name: a, type: numeric}
                  - {name: b, type: numeric}
                  - {name: c, type: numeric}
                  - {name: d, type: numeric}
                inputs:
                  - {feature: a, index: 1}
                  - {feature: b, index: 0}
                  - {feature: c, tensor: absent}
                  - {feature: d, field: d}
                """));
        assertEquals(List.of("d: mapped to field 'd', which OIP requests do not have (map it to a tensor)"),
                d.unmappedFeatures());
        List<SampleRow> rows = d.decode(exchange("/v2/models/m/versions/3/infer?x=1",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"INT64\",\"data\":[5,6]}]}", 200, "{}"));
        Map<String, Object> expected = features("a", 6L, "b", 5L, "c", null, "d", null);
        assertEquals(List.of(new SampleRow(TS, "req-1", expected, null)), rows);
    }

    @Test
    void errorsAndOtherPathsGiveNoRows() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("name: s\nfeatures: [{name: input0, type: numeric}]\n"));
        assertEquals(List.of(), d.decode(exchange(INFER, SPEC_REQUEST, 400, "{\"error\": \"bad input\"}")));
        assertEquals(List.of(), d.decode(exchange(INFER, "not json", 503, "")));
        assertEquals(List.of(), d.decode(exchange("/v2/health/ready", "", 200, "")));
        assertTrue(d.inference("POST", "/v2/models/fraud/versions/2/infer"));
        assertTrue(!d.inference("GET", "/v2/models/fraud"));
        assertTrue(!d.inference("POST", "/v2/repository/index"));
        assertTrue(d.inference(null, null), "CloudEvents and Kafka pairs carry no path");
    }

    @Test
    void bodiesThatAreNotOipAreUndecodable() {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: s
                features: [{name: a, type: numeric}, {name: b, type: numeric}]
                inputs: [{feature: a, tensor: X}, {feature: b, tensor: Y, index: 0}]
                """));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "empty request body");
        cases.put("{\"inputs\": [", "request body is not JSON: Unexpected end-of-input: expected close marker for Array");
        cases.put("[1, 2]", "the request is not a JSON object");
        cases.put("{\"instances\": [[1]]}", "the request has no 'inputs' list");
        cases.put("{\"inputs\": [{\"shape\": [1]}]}", "a tensor of 'inputs' has no name");
        cases.put("{\"inputs\": [{\"name\": \"X\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1]}]}",
                "input 'X' has 1 values for shape [2]");
        cases.put("{\"inputs\": [{\"name\": \"X\", \"shape\": [2], \"datatype\": \"FP32\", "
                + "\"parameters\": {\"binary_data_size\": 8}}]}", "input 'X' has no data (binary tensor data is not decoded)");
        cases.put("{\"inputs\": [{\"name\": \"X\", \"shape\": [2, 2], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}",
                "input 'X' has shape [2, 2]: map a to one of its columns with an index");
        cases.put("{\"inputs\": [{\"name\": \"X\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1, 2]},"
                + "{\"name\": \"Y\", \"shape\": [3, 1], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}",
                "input tensors disagree on the batch size (2 and 3 rows)");
        cases.put("{\"inputs\": [{\"name\": \"Z\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}",
                "none of the schema's features is in the request (input tensors: [Z])");
        cases.put("{\"inputs\": [{\"name\": \"X\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [[[]]]}]}",
                "input 'X' has 0 values for shape [1]");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            UndecodableException e = assertThrows(UndecodableException.class,
                    () -> d.decode(exchange(INFER, c.getKey(), 200, "{}")), c.getKey());
            assertTrue(e.getMessage().startsWith(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void decodedNumbersAreWrittenAsTheirLiteralsAndReadAsValues() throws Exception {
        ExchangeDecoder d = ExchangeDecoder.of(Protocol.OIP, schema("""
                name: s
                features: [{name: a, type: numeric}, {name: b, type: numeric}, {name: c, type: numeric},
                           {name: d, type: numeric}, {name: e, type: numeric}, {name: f, type: numeric},
                           {name: n, type: numeric}, {name: s, type: categorical, allowOther: true}]
                inputs: [{feature: a, tensor: X, index: 0}, {feature: b, tensor: X, index: 1},
                         {feature: c, tensor: X, index: 2}, {feature: d, tensor: X, index: 3},
                         {feature: e, tensor: X, index: 4}, {feature: f, tensor: X, index: 5},
                         {feature: n, tensor: N}, {feature: s, tensor: S}]
                """));
        String request = "{\"inputs\": [{\"data\": [[1.50, 2, -0.25, 1e400, NaN, 12345678901234567890]],"
                + " \"name\": \"X\", \"datatype\": \"FP32\", \"shape\": [1, 6]},"
                + " {\"name\": \"N\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [-7]},"
                + " {\"name\": \"S\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"x\\\"y\"]}]}";
        SampleRow row = d.decode(exchange(INFER, request, 200, "{}")).get(0);
        Map<String, Object> expected = features("a", 1.5, "b", 2.0, "c", -0.25, "d", Double.POSITIVE_INFINITY,
                "e", Double.NaN, "f", 1.2345678901234567E19, "n", -7L, "s", "x\"y");
        assertEquals(expected, row.features());
        assertEquals(expected.hashCode(), row.features().hashCode());
        // plain literals verbatim (1.50 stays 1.50: the same double), non-finite as null, the rest as Java writes it
        assertEquals("{\"ts\":\"2026-11-22T10:00:00Z\",\"request_id\":\"req-1\",\"features\":{\"a\":1.50,\"b\":2,"
                + "\"c\":-0.25,\"d\":null,\"e\":null,\"f\":1.2345678901234567E19,\"n\":-7,\"s\":\"x\\\"y\"}}",
                row.toJsonLine());
        UndecodableException e = assertThrows(UndecodableException.class, () -> d.decode(exchange(INFER,
                request.replace("-0.25", "{\"v\": 1}"), 200, "{}")));
        assertEquals("a value of 'X' is an object, not a value", e.getMessage());
    }

    @Test
    void rowsAreTheControlPlanesSampleLines() {
        Map<String, Object> f = features("amount", 12.5, "n", 3L, "country", "D\"E", "is_new", false,
                "missing", null, "nan", Double.NaN);
        assertEquals("{\"ts\":\"2026-11-22T10:00:00Z\",\"request_id\":\"r/1\",\"features\":{\"amount\":12.5,\"n\":3,"
                        + "\"country\":\"D\\\"E\",\"is_new\":false,\"missing\":null,\"nan\":null},\"prediction\":0.75}",
                new SampleRow(TS, "r/1", f, 0.75).toJsonLine());
        assertEquals("{\"ts\":\"2026-11-22T10:00:00.123Z\",\"request_id\":\"r\",\"features\":{}}",
                new SampleRow(java.time.Instant.parse("2026-11-22T10:00:00.123Z"), "r", Map.of(), null).toJsonLine());
        assertNull(new SampleRow(TS, "r", Map.of(), null).prediction());
    }
}
