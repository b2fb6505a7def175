package io.mlctl.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.OutputMapping;

import java.io.IOException;
import java.util.List;

/**
 * What every protocol decoder shares: the schema, the 2xx and inference-path gates, one tree parse per body, and
 * the conversion of JSON scalars into sample values (integers as Long, other numbers as Double, strings, booleans).
 */
abstract class JsonDecoder implements ExchangeDecoder {
    /**
     * One mapper for every decoder (thread-safe); NaN/Infinity as Python's json and some servers write them; the fast
     * (and still correctly rounded) double parser, since parsing feature values is most of a decode.
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());

    final FeatureSchema schema;
    final List<Feature> features;
    /** The prediction's name, or null when the schema declares none (then responses are not read at all). */
    final String predictionName;
    final OutputMapping output;

    JsonDecoder(FeatureSchema schema) {
        this.schema = schema;
        this.features = schema.features();
        this.predictionName = schema.prediction() == null ? null : schema.prediction().name();
        this.output = schema.output();
    }

    @Override
    public final List<SampleRow> decode(Exchange exchange) throws UndecodableException {
        if (exchange.status() < 200 || exchange.status() > 299
                || !inference(exchange.method(), exchange.path())) {
            return List.of();
        }
        return decodeAnswered(exchange);
    }

    /** Rows of a pair answered 2xx on an inference path. */
    abstract List<SampleRow> decodeAnswered(Exchange exchange) throws UndecodableException;

    /** The path without its query string; null and empty stay empty (a pair known to be an inference). */
    static String pathOnly(String path) {
        if (path == null) {
            return "";
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static boolean post(String method) {
        return method == null || method.isEmpty() || method.equalsIgnoreCase("POST");
    }

    static JsonNode parse(byte[] body, String what) throws UndecodableException {
        if (body == null || body.length == 0) {
            throw new UndecodableException("empty " + what + " body");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new UndecodableException("empty " + what + " body");
            }
            return n;
        } catch (IOException e) {
            throw new UndecodableException(what + " body is not JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * A JSON scalar as a sample value: integers as Long (Double beyond long's range), other numbers as Double,
     * strings as String, booleans as Boolean, null as null. Arrays and objects are not feature values.
     */
    static Object scalar(JsonNode n, String what) throws UndecodableException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        throw new UndecodableException(what + " is " + (n.isArray() ? "a list" : "an object") + ", not a value");
    }

    /** Row 0 keeps the exchange's id; row i of a batch is {@code <id>/<i>} so each row pairs on its own. */
    static String rowId(String requestId, int row) {
        return row == 0 ? requestId : requestId + "/" + row;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Position of the largest number in an array (the first one on ties). */
    static long argmax(JsonNode array, String what) throws UndecodableException {
        if (array.isEmpty()) {
            throw new UndecodableException(what + " is empty: no argmax");
        }
        int best = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) {
                throw new UndecodableException(what + " holds a non-number: no argmax");
            }
            if (best < 0 || v.doubleValue() > max) {
                best = i;
                max = v.doubleValue();
            }
        }
        return best;
    }
}
