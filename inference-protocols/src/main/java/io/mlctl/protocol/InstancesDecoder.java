package io.mlctl.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.InputMapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-instance protocols. KServe v1 ({@code POST /v1/models/{name}:predict}): {@code {"instances": [...]}}
 * (or {@code "inputs"}, which KServe reads the same) answered {@code {"predictions": [...]}}, one prediction per
 * instance. TorchServe ({@code POST /predictions/{model}[/{version}]}): the body is one instance (an object) or a
 * list of instances, the answer that instance's prediction or the list of them.
 * <p>
 * An instance object gives a feature by {@code field} (with {@code index}: an element of that field's list) or by
 * the feature's name; an instance array gives it by position {@code index}; a scalar instance is a one-element
 * array. A prediction object gives the prediction by {@code output.field}, else by the prediction's name, else with
 * {@code argmax} the label of the highest score; a prediction list by {@code output.index} or {@code argmax}.
 */
final class InstancesDecoder extends JsonDecoder {
    /** Where a feature is read in an instance: a field (null: none) and an index (-1: none). */
    private record Source(String feature, String field, int index, boolean fillable) {
    }

    private final boolean torchserve;
    private final String protocolName;
    private final List<Source> sources = new ArrayList<>();
    private final List<String> unmapped = new ArrayList<>();

    InstancesDecoder(FeatureSchema schema, Protocol protocol) {
        super(schema);
        this.torchserve = protocol == Protocol.TORCHSERVE;
        this.protocolName = protocol.wireName();
        for (Feature f : features) {
            InputMapping m = schema.input(f.name()).orElse(null);
            if (m == null) {
                sources.add(new Source(f.name(), f.name(), -1, true));
                unmapped.add(f.name() + ": by name: needs field '" + f.name() + "' in each instance object");
            } else if (m.tensor() != null) {
                sources.add(new Source(f.name(), null, -1, false));
                unmapped.add(f.name() + ": mapped to tensor '" + m.tensor() + "', which " + protocolName
                        + " requests do not have (map it to a field or an index)");
            } else {
                sources.add(new Source(f.name(), m.field(), m.index() == null ? -1 : m.index(), true));
            }
        }
    }

    @Override
    public List<String> unmappedFeatures() {
        return List.copyOf(unmapped);
    }

    @Override
    public boolean inference(String method, String path) {
        String p = pathOnly(path);
        return post(method) && (p.isEmpty() || (torchserve ? p.startsWith("/predictions/")
                : p.startsWith("/v1/models/") && p.endsWith(":predict")));
    }

    @Override
    List<SampleRow> decodeAnswered(Exchange ex) throws UndecodableException {
        JsonNode instances = instances(parse(ex.requestBody(), "request"));
        int n = instances.size();
        if (n == 0) {
            return List.of();
        }
        List<Map<String, Object>> values = new ArrayList<>(n);
        boolean found = false;
        for (int r = 0; r < n; r++) {
            JsonNode instance = instances.get(r);
            Map<String, Object> row = new LinkedHashMap<>();
            for (Source s : sources) {
                JsonNode v = s.fillable() ? locate(instance, s) : null;
                found |= v != null;
                row.put(s.feature(), scalar(v, s.feature() + " of instance " + r));
            }
            values.add(row);
        }
        if (!found) {
            throw new UndecodableException("none of the schema's features is in the instances (" + describe(instances.get(0))
                    + ")");
        }
        Object[] predictions = predictionName == null ? null : predictions(ex, n);
        List<SampleRow> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            rows.add(new SampleRow(ex.timestamp(), rowId(ex.requestId(), r), values.get(r),
                    predictions == null ? null : predictions[r]));
        }
        return rows;
    }

    /** The request's instances as an array. */
    private JsonNode instances(JsonNode body) throws UndecodableException {
        if (torchserve) {
            return body.isArray() ? body : JSON.createArrayNode().add(body);
        }
        if (!body.isObject()) {
            throw new UndecodableException("the request is not a JSON object with instances");
        }
        JsonNode list = body.has("instances") ? body.get("instances") : body.get("inputs");
        if (list == null) {
            throw new UndecodableException("the request has no 'instances' list");
        }
        if (!list.isArray()) {
            throw new UndecodableException("'" + (body.has("instances") ? "instances" : "inputs")
                    + "' is not a list (columnar inputs are not decoded)");
        }
        return list;
    }

    /** The node of a feature in an instance, or null when the instance does not have it. */
    private static JsonNode locate(JsonNode instance, Source s) {
        JsonNode v;
        if (instance.isObject()) {
            if (s.field() == null) {
                return null; // a position means nothing in an object
            }
            v = instance.get(s.field());
            if (v != null && s.index() >= 0) {
                v = v.isArray() ? v.get(s.index()) : null;
            }
        } else if (s.field() != null || s.index() < 0) {
            return null; // a field (or a name) means nothing in an array or a scalar
        } else if (instance.isArray()) {
            v = instance.get(s.index());
        } else {
            v = s.index() == 0 ? instance : null;
        }
        return v == null || v.isMissingNode() ? null : v;
    }

    private Object[] predictions(Exchange ex, int n) throws UndecodableException {
        Object[] out = new Object[n];
        if (torchserve) {
            JsonNode body = torchServeAnswer(ex);
            if (n == 1) {
                // a one-element list is that one instance's answer, as TorchServe's batching returns it
                out[0] = prediction(body.isArray() && body.size() == 1 ? body.get(0) : body, "the prediction");
                return out;
            }
            if (!body.isArray() || body.size() != n) {
                throw new UndecodableException("the answer to " + n + " instances is not a list of " + n
                        + " predictions");
            }
            for (int r = 0; r < n; r++) {
                out[r] = prediction(body.get(r), "prediction " + r);
            }
            return out;
        }
        JsonNode body = parse(ex.responseBody(), "response");
        JsonNode list = body.isObject() ? body.get("predictions") : null;
        if (list == null || !list.isArray()) {
            throw new UndecodableException("the response has no 'predictions' list");
        }
        if (list.size() != n) {
            throw new UndecodableException("the response has " + list.size() + " predictions for " + n + " instances");
        }
        for (int r = 0; r < n; r++) {
            out[r] = prediction(list.get(r), "prediction " + r);
        }
        return out;
    }

    /** TorchServe answers whatever the handler returns: JSON, or plain text taken as one string prediction. */
    private static JsonNode torchServeAnswer(Exchange ex) throws UndecodableException {
        String type = ex.responseContentType() == null ? "" : ex.responseContentType();
        if (type.startsWith("text/plain") && ex.responseBody() != null) {
            return JSON.getNodeFactory().textNode(new String(ex.responseBody(), StandardCharsets.UTF_8).trim());
        }
        return parse(ex.responseBody(), "response");
    }

    /** One instance's prediction out of its JSON answer, through the schema's {@code output}. */
    private Object prediction(JsonNode p, String what) throws UndecodableException {
        boolean argmax = output != null && output.argmaxed();
        Integer index = output == null ? null : output.index();
        if (output != null && output.field() != null) {
            if (!p.isObject() || !p.has(output.field())) {
                throw new UndecodableException(what + " has no field '" + output.field() + "'");
            }
            p = p.get(output.field());
        } else if (p.isObject()) {
            if (p.has(predictionName)) {
                p = p.get(predictionName);
            } else if (argmax) {
                return labelOfMax(p, what);
            } else {
                throw new UndecodableException(what + " is an object without '" + predictionName
                        + "': choose a field with output.field");
            }
        }
        if (p.isArray()) {
            if (argmax) {
                return argmax(p, what);
            }
            if (index != null) {
                if (index >= p.size()) {
                    throw new UndecodableException("output.index " + index + " is out of range: " + what + " has "
                            + p.size() + " values");
                }
                return scalar(p.get(index), what);
            }
            if (p.size() == 1) {
                return scalar(p.get(0), what);
            }
            throw new UndecodableException(what + " is a list of " + p.size() + " values: choose one with "
                    + "output.index or argmax: true");
        }
        if (p.isObject() && argmax) {
            return labelOfMax(p, what);
        }
        return scalar(p, what);
    }

    /** The key of the highest number of a label-to-score object (TorchServe's classifiers answer so). */
    private static String labelOfMax(JsonNode scores, String what) throws UndecodableException {
        String best = null;
        double max = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new UndecodableException(what + ": '" + e.getKey() + "' is not a score: no argmax");
            }
            if (best == null || e.getValue().doubleValue() > max) {
                best = e.getKey();
                max = e.getValue().doubleValue();
            }
        }
        if (best == null) {
            throw new UndecodableException(what + " is empty: no argmax");
        }
        return best;
    }

    private static String describe(JsonNode instance) {
        if (instance.isObject()) {
            List<String> names = new ArrayList<>();
            instance.fieldNames().forEachRemaining(names::add);
            return "fields " + names;
        }
        return instance.isArray() ? "lists of " + instance.size() + " values: map features by index" : "scalars";
    }
}
