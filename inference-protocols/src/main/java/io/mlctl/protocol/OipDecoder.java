package io.mlctl.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.InputMapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol v2 REST ({@code POST /v2/models/{name}[/versions/{v}]/infer}). The first dimension of a
 * tensor is the batch: a {@code [8, k]} input gives 8 rows. A feature comes from the column {@code index} of a
 * {@code [batch, k]} input tensor, or from a {@code [batch]} / {@code [batch, 1]} tensor, named by the schema's
 * {@code inputs} or, without a mapping, by the feature's own name. Tensor data may be flat (row-major) or nested.
 * The prediction is the output tensor named by {@code output.tensor}, else the one named after the prediction,
 * else the only one; a column of it by {@code output.index} or {@code argmax}.
 */
final class OipDecoder extends JsonDecoder {
    /** Where a feature is read: a tensor (null: the request's only input tensor) and a column (-1: the whole row). */
    private record Source(String feature, String tensor, int column, boolean fillable) {
    }

    private final List<Source> sources = new ArrayList<>();
    private final List<String> unmapped = new ArrayList<>();

    OipDecoder(FeatureSchema schema) {
        super(schema);
        for (Feature f : features) {
            InputMapping m = schema.input(f.name()).orElse(null);
            if (m == null) {
                sources.add(new Source(f.name(), f.name(), -1, true));
                unmapped.add(f.name() + ": by name: needs tensor '" + f.name() + "'");
            } else if (m.tensor() != null) {
                sources.add(new Source(f.name(), m.tensor(), m.index() == null ? -1 : m.index(), true));
            } else if (m.field() == null) {
                sources.add(new Source(f.name(), null, m.index(), true)); // a column of the only input tensor
            } else {
                sources.add(new Source(f.name(), null, -1, false));
                unmapped.add(f.name() + ": mapped to field '" + m.field() + "', which OIP requests do not have "
                        + "(map it to a tensor)");
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
        return post(method) && (p.isEmpty() || p.startsWith("/v2/models/") && p.endsWith("/infer"));
    }

    @Override
    List<SampleRow> decodeAnswered(Exchange ex) throws UndecodableException {
        Map<String, JsonNode> inputs = tensors(parse(ex.requestBody(), "request"), "inputs", "request");
        Map<String, Tensor> used = new HashMap<>();
        int batch = -1;
        Tensor[] tensorOf = new Tensor[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            if (!s.fillable()) {
                continue;
            }
            String name = s.tensor();
            if (name == null) {
                if (inputs.size() != 1) {
                    throw new UndecodableException(s.feature() + " is mapped to column " + s.column()
                            + " of the only input tensor, but the request has " + inputs.size());
                }
                name = inputs.keySet().iterator().next();
            }
            JsonNode node = inputs.get(name);
            if (node == null) {
                continue; // a missing input is a missing value, counted by the control plane
            }
            Tensor t = used.get(name);
            if (t == null) {
                t = Tensor.of(name, node, "input");
                used.put(name, t);
            }
            if (s.column() < 0 ? t.columns != 1 : s.column() >= t.columns) {
                throw new UndecodableException("input '" + name + "' has shape " + t.shapeText() + ": "
                        + (s.column() < 0 ? "map " + s.feature() + " to one of its columns with an index"
                        : s.feature() + "'s column " + s.column() + " is out of range"));
            }
            if (batch >= 0 && t.rows != batch) {
                throw new UndecodableException("input tensors disagree on the batch size (" + batch + " and "
                        + t.rows + " rows)");
            }
            batch = t.rows;
            tensorOf[i] = t;
        }
        if (batch < 0) {
            throw new UndecodableException("none of the schema's features is in the request (input tensors: "
                    + inputs.keySet() + ")");
        }
        Object[] predictions = predictionName == null ? null : predictions(ex, batch);
        List<SampleRow> rows = new ArrayList<>(batch);
        for (int r = 0; r < batch; r++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < sources.size(); i++) {
                Source s = sources.get(i);
                Tensor t = tensorOf[i];
                values.put(s.feature(), t == null ? null : t.value(r, Math.max(s.column(), 0)));
            }
            rows.add(new SampleRow(ex.timestamp(), rowId(ex.requestId(), r), values,
                    predictions == null ? null : predictions[r]));
        }
        return rows;
    }

    /** The prediction of each batch row, from the response's output tensors. */
    private Object[] predictions(Exchange ex, int batch) throws UndecodableException {
        Map<String, JsonNode> outputs = tensors(parse(ex.responseBody(), "response"), "outputs", "response");
        String name;
        if (output != null && output.tensor() != null) {
            name = output.tensor();
            if (!outputs.containsKey(name)) {
                throw new UndecodableException("the response has no output tensor '" + name + "' (outputs: "
                        + outputs.keySet() + ")");
            }
        } else if (outputs.containsKey(predictionName)) {
            name = predictionName;
        } else if (outputs.size() == 1) {
            name = outputs.keySet().iterator().next();
        } else {
            throw new UndecodableException("the response has " + outputs.size() + " output tensors " + outputs.keySet()
                    + " and none is named '" + predictionName + "': choose one with output.tensor");
        }
        Tensor t = Tensor.of(name, outputs.get(name), "output");
        int perRow;
        if (t.rows == batch) {
            perRow = t.columns;
        } else if (batch == 1) {
            perRow = t.rows * t.columns; // a single request answered without a batch dimension
        } else {
            throw new UndecodableException("output '" + name + "' has " + t.rows + " rows for " + batch
                    + " input rows");
        }
        Object[] out = new Object[batch];
        boolean argmax = output != null && output.argmaxed();
        Integer index = output == null ? null : output.index();
        if (!argmax && index == null && perRow != 1) {
            throw new UndecodableException("output '" + name + "' has " + perRow + " values per row: choose one with "
                    + "output.index or argmax: true");
        }
        if (index != null && index >= perRow) {
            throw new UndecodableException("output.index " + index + " is out of range: output '" + name + "' has "
                    + perRow + " values per row");
        }
        for (int r = 0; r < batch; r++) {
            int base = r * perRow;
            if (argmax) {
                int best = -1;
                double max = 0;
                for (int c = 0; c < perRow; c++) {
                    JsonNode v = t.data.get(base + c);
                    if (!v.isNumber()) {
                        throw new UndecodableException("output '" + name + "' holds a non-number: no argmax");
                    }
                    if (best < 0 || v.doubleValue() > max) {
                        best = c;
                        max = v.doubleValue();
                    }
                }
                out[r] = (long) best;
            } else {
                out[r] = t.value(r, index == null ? 0 : index);
            }
        }
        return out;
    }

    /** The named tensors of a request's {@code inputs} or a response's {@code outputs}. */
    private static Map<String, JsonNode> tensors(JsonNode body, String key, String what) throws UndecodableException {
        if (!body.isObject()) {
            throw new UndecodableException("the " + what + " is not a JSON object");
        }
        JsonNode list = body.get(key);
        if (list == null || !list.isArray()) {
            throw new UndecodableException("the " + what + " has no '" + key + "' list");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode t : list) {
            JsonNode name = t.get("name");
            if (!t.isObject() || name == null || !name.isTextual()) {
                throw new UndecodableException("a tensor of '" + key + "' has no name");
            }
            byName.put(name.textValue(), t);
        }
        return byName;
    }

    /** A tensor's data flattened in row-major order, seen as {@code rows x columns} (first dimension = batch). */
    private static final class Tensor {
        final String name;
        final long[] shape;
        final boolean floating;
        final List<JsonNode> data;
        final int rows;
        final int columns;

        private Tensor(String name, long[] shape, boolean floating, List<JsonNode> data) {
            this.name = name;
            this.shape = shape;
            this.floating = floating;
            this.data = data;
            this.rows = (int) shape[0];
            this.columns = shape.length == 1 ? 1 : (int) shape[1];
        }

        static Tensor of(String name, JsonNode node, String what) throws UndecodableException {
            JsonNode shapeNode = node.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) {
                throw new UndecodableException(what + " '" + name + "' has no shape");
            }
            long[] shape = new long[shapeNode.size()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || d.longValue() < 0) {
                    throw new UndecodableException(what + " '" + name + "' has a bad shape " + shapeNode);
                }
                shape[i] = d.longValue();
                size *= shape[i];
            }
            if (shape.length == 0 || shape.length > 2) {
                throw new UndecodableException(what + " '" + name + "' has shape " + shapeNode
                        + ": only [batch] and [batch, k] tensors map to samples");
            }
            JsonNode data = node.get("data");
            if (data == null) {
                throw new UndecodableException(what + " '" + name + "' has no data (binary tensor data is not decoded)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new UndecodableException(what + " '" + name + "' is too large");
            }
            List<JsonNode> flat = new ArrayList<>((int) size);
            flatten(data, flat);
            if (flat.size() != size) {
                throw new UndecodableException(what + " '" + name + "' has " + flat.size() + " values for shape "
                        + shapeNode);
            }
            JsonNode datatype = node.get("datatype");
            String type = datatype == null ? "" : datatype.asText();
            return new Tensor(name, shape, type.startsWith("FP") || type.equals("BF16"), flat);
        }

        /** Nested data ({@code [[1, 2], [3, 4]]}) and flat data ({@code [1, 2, 3, 4]}) are the same tensor. */
        private static void flatten(JsonNode n, List<JsonNode> out) {
            if (n.isArray()) {
                for (JsonNode x : n) {
                    flatten(x, out);
                }
            } else {
                out.add(n);
            }
        }

        Object value(int row, int column) throws UndecodableException {
            JsonNode v = data.get(row * columns + column);
            // FP tensors written with integral literals ([1, 2]) are still floating point
            if (floating && v.isNumber()) {
                return v.doubleValue();
            }
            return scalar(v, "a value of '" + name + "'");
        }

        String shapeText() {
            return java.util.Arrays.toString(shape);
        }
    }
}
