package io.mlctl.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.InputMapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final FeatureValues.Names names;
    /** Input tensors whose data a row needs (null: any, when a feature reads "the only input tensor"). */
    private final Set<String> neededInputs;
    /** Output tensors whose data may hold the prediction (null: any). */
    private final Set<String> neededOutputs;

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
        names = FeatureValues.Names.of(sources.stream().map(Source::feature).toList());
        Set<String> in = new HashSet<>();
        for (Source s : sources) {
            if (s.fillable()) {
                in.add(s.tensor());
            }
        }
        neededInputs = in.contains(null) ? null : Set.copyOf(in);
        neededOutputs = output != null && output.tensor() != null ? Set.of(output.tensor()) : null;
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
        Map<String, TensorData> inputs = tensors(ex.requestBody(), "request", neededInputs);
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
            TensorData data = inputs.get(name);
            if (data == null) {
                continue; // a missing input is a missing value, counted by the control plane
            }
            Tensor t = used.get(name);
            if (t == null) {
                t = Tensor.of(data, "input");
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
        int[] columns = new int[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            columns[i] = Math.max(sources.get(i).column(), 0);
            Tensor t = tensorOf[i];
            if (t != null) {
                for (int r = 0; r < batch; r++) {
                    t.check(r, columns[i]); // a cell that is not a value fails the pair here, not when written
                }
            }
        }
        List<SampleRow> rows = new ArrayList<>(batch);
        for (int r = 0; r < batch; r++) {
            rows.add(new SampleRow(ex.timestamp(), rowId(ex.requestId(), r),
                    new FeatureValues(names, new RowCells(tensorOf, columns, r)),
                    predictions == null ? null : predictions[r]));
        }
        return rows;
    }

    /** Row {@code row} of the request's tensors: each feature's cell, read when the row is written or asked. */
    private record RowCells(Tensor[] tensorOf, int[] columns, int row) implements FeatureValues.Cells {
        @Override
        public Object value(int feature) {
            Tensor t = tensorOf[feature];
            return t == null ? null : t.valueOf(row, columns[feature]);
        }

        @Override
        public boolean writeLiteral(int feature, JsonGenerator g) throws IOException {
            Tensor t = tensorOf[feature];
            if (t == null) {
                return false;
            }
            Values v = t.data.values;
            int i = row * t.columns + columns[feature];
            if (v.kinds[i] != Values.PLAIN_NUMBER) {
                return false;
            }
            g.writeRawValue(v.text, v.start[i], v.length[i]);
            return true;
        }
    }

    /** The prediction of each batch row, from the response's output tensors. */
    private Object[] predictions(Exchange ex, int batch) throws UndecodableException {
        Map<String, TensorData> outputs = tensors(ex.responseBody(), "response", neededOutputs);
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
        Tensor t = Tensor.of(outputs.get(name), "output");
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
        Values v = t.data.values;
        for (int r = 0; r < batch; r++) {
            int base = r * perRow;
            if (argmax) {
                int best = -1;
                double max = 0;
                for (int c = 0; c < perRow; c++) {
                    if (!v.isNumber(base + c)) {
                        throw new UndecodableException("output '" + name + "' holds a non-number: no argmax");
                    }
                    double x = v.number(base + c);
                    if (best < 0 || x > max) {
                        best = c;
                        max = x;
                    }
                }
                out[r] = (long) best;
            } else {
                out[r] = t.value(r, index == null ? 0 : index);
            }
        }
        return out;
    }

    /**
     * The named tensors of a request's {@code inputs} or a response's {@code outputs}, read with Jackson's streaming
     * parser in one pass (no tree: the tree of a 32-feature request was most of the logger's decoding cost). A
     * tensor's fields may come in any order; the data of a tensor known by name not to be needed is skipped.
     *
     * @param needed the tensor names whose data is read, or null for all
     */
    private static Map<String, TensorData> tensors(byte[] body, String what, Set<String> needed)
            throws UndecodableException {
        String key = what.equals("request") ? "inputs" : "outputs";
        if (body == null || body.length == 0) {
            throw new UndecodableException("empty " + what + " body");
        }
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken root = p.nextToken();
            if (root == null) {
                throw new UndecodableException("empty " + what + " body");
            }
            if (root != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw new UndecodableException("the " + what + " is not a JSON object");
            }
            Map<String, TensorData> byName = null;
            boolean badTensor = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals(key)) {
                    p.skipChildren();
                    continue;
                }
                byName = null; // a repeated key: the last one counts, as in a tree
                badTensor = false;
                if (t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                byName = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    TensorData d = p.currentToken() == JsonToken.START_OBJECT ? TensorData.read(p, needed) : null;
                    if (d == null || d.name == null) {
                        if (d == null) {
                            p.skipChildren();
                        }
                        badTensor = true; // said once the whole body is known to be JSON
                    } else {
                        byName.put(d.name, d);
                    }
                }
            }
            if (byName == null) {
                throw new UndecodableException("the " + what + " has no '" + key + "' list");
            }
            if (badTensor) {
                throw new UndecodableException("a tensor of '" + key + "' has no name");
            }
            return byName;
        } catch (IOException e) {
            throw new UndecodableException(what + " body is not JSON: " + firstLine(e.getMessage()));
        }
    }

    /** One tensor object as read: name, shape, datatype and its data flattened in row-major order. */
    private static final class TensorData {
        String name;
        JsonNode shape;
        String datatype = "";
        Values values;

        static TensorData read(JsonParser p, Set<String> needed) throws IOException {
            TensorData d = new TensorData();
            boolean nameBad = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "name" -> {
                        nameBad = t != JsonToken.VALUE_STRING;
                        d.name = nameBad ? null : p.getText();
                        p.skipChildren();
                    }
                    case "shape" -> d.shape = JSON.readTree(p);
                    case "datatype" -> {
                        d.datatype = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText() : "";
                        p.skipChildren();
                    }
                    case "data" -> {
                        if (d.name != null && needed != null && !needed.contains(d.name)) {
                            p.skipChildren(); // not a tensor the schema reads
                            d.values = new Values(0);
                        } else {
                            d.values = new Values(d.expectedSize());
                            d.values.read(p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (nameBad) {
                d.name = null;
            }
            return d;
        }

        String shapeText() {
            return String.valueOf(shape);
        }

        /** The number of values the shape announces when it came first (it usually does), else a small guess. */
        int expectedSize() {
            if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
                return 16;
            }
            long n = 1;
            for (JsonNode dim : shape) {
                n *= Math.max(1, dim.asLong(1));
            }
            return (int) Math.min(n, 4096);
        }
    }

    /**
     * A tensor's values without a JSON node per value: a number whose literal is plain (digits, sign and point, short
     * enough to be finite: what tensors hold) is kept as its text and parsed only if a value is asked for; other
     * numbers are parsed now, other scalars kept as objects; a kind per position. Nested data ({@code [[1, 2], [3,
     * 4]]}) and flat data ({@code [1, 2, 3, 4]}) are the same tensor.
     */
    private static final class Values {
        /** A plain JSON number kept as text: {@code text[start, start + length)}; integral when it has no point. */
        static final byte PLAIN_NUMBER = 0;
        static final byte DOUBLE = 1;
        static final byte LONG = 2;
        static final byte OTHER = 3;
        static final byte OBJECT = 4;
        /** Longest plain literal kept as text: 18 digits always fit a long, and no plain decimal this short overflows. */
        private static final int MAX_PLAIN = 24;
        byte[] kinds;
        int[] start;
        int[] length;
        char[] text;
        int textSize;
        double[] doubles;
        long[] longs;
        Object[] others;
        int size;

        Values(int capacity) {
            kinds = new byte[capacity];
            start = new int[capacity];
            length = new int[capacity];
            text = new char[capacity * 10];
        }

        /** Reads the value the parser is on: an array (flattened, at any depth) or one scalar. */
        void read(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                add(p);
                return;
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_ARRAY) {
                    depth--;
                } else {
                    add(p);
                }
            }
        }

        private void add(JsonParser p) throws IOException {
            if (size == kinds.length) {
                int n = Math.max(16, size * 2);
                kinds = Arrays.copyOf(kinds, n);
                start = Arrays.copyOf(start, n);
                length = Arrays.copyOf(length, n);
            }
            int i = size++;
            JsonToken t = p.currentToken();
            switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (!plain(p, i, t == JsonToken.VALUE_NUMBER_INT ? 18 : MAX_PLAIN)) {
                        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            number(i, LONG).longs[i] = p.getLongValue();
                        } else {
                            // beyond long's range, an exponent, NaN or Infinity: as a double, like the tree did
                            number(i, DOUBLE).doubles[i] = p.getDoubleValue();
                        }
                    }
                }
                case VALUE_STRING -> other(i, p.getText());
                case VALUE_TRUE -> other(i, Boolean.TRUE);
                case VALUE_FALSE -> other(i, Boolean.FALSE);
                case VALUE_NULL -> other(i, null);
                default -> { // an object inside the data: not a value (said if a feature reads it)
                    kinds[i] = OBJECT;
                    p.skipChildren();
                }
            }
        }

        /** Keeps the number's literal as text when it is plain and at most {@code max} characters long. */
        private boolean plain(JsonParser p, int i, int max) throws IOException {
            int n = p.getTextLength();
            if (n > max) {
                return false;
            }
            char[] chars = p.getTextCharacters();
            int off = p.getTextOffset();
            for (int k = off; k < off + n; k++) {
                char c = chars[k];
                if ((c < '0' || c > '9') && c != '-' && c != '.') {
                    return false;
                }
            }
            if (textSize + n > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, textSize + n));
            }
            System.arraycopy(chars, off, text, textSize, n);
            kinds[i] = PLAIN_NUMBER;
            start[i] = textSize;
            length[i] = n;
            textSize += n;
            return true;
        }

        private Values number(int i, byte kind) {
            if (doubles == null) {
                doubles = new double[kinds.length];
                longs = new long[kinds.length];
            } else if (doubles.length < kinds.length) {
                doubles = Arrays.copyOf(doubles, kinds.length);
                longs = Arrays.copyOf(longs, kinds.length);
            }
            kinds[i] = kind;
            return this;
        }

        private void other(int i, Object v) {
            if (others == null) {
                others = new Object[kinds.length];
            } else if (others.length < kinds.length) {
                others = Arrays.copyOf(others, kinds.length);
            }
            kinds[i] = OTHER;
            others[i] = v;
        }

        boolean isNumber(int i) {
            return kinds[i] <= LONG;
        }

        /** Whether the plain literal at i is integral (no decimal point). */
        private boolean integral(int i) {
            for (int k = start[i]; k < start[i] + length[i]; k++) {
                if (text[k] == '.') {
                    return false;
                }
            }
            return true;
        }

        double number(int i) {
            return switch (kinds[i]) {
                case PLAIN_NUMBER -> Double.parseDouble(new String(text, start[i], length[i]));
                case LONG -> longs[i];
                default -> doubles[i];
            };
        }

        /** The sample value at i: in a floating-point tensor every number is a Double. */
        Object value(int i, boolean floating) {
            return switch (kinds[i]) {
                case PLAIN_NUMBER -> floating || !integral(i) ? (Object) number(i)
                        : (Object) Long.parseLong(new String(text, start[i], length[i]));
                case LONG -> floating ? (Object) (double) longs[i] : (Object) longs[i];
                case DOUBLE -> doubles[i];
                case OTHER -> others[i];
                default -> throw new IllegalStateException("not a value: checked when decoded");
            };
        }
    }

    /** A tensor checked against its shape, seen as {@code rows x columns} (first dimension = batch). */
    private static final class Tensor {
        final String name;
        final long[] shape;
        final boolean floating;
        final TensorData data;
        final int rows;
        final int columns;

        private Tensor(TensorData data, long[] shape, boolean floating) {
            this.name = data.name;
            this.shape = shape;
            this.floating = floating;
            this.data = data;
            this.rows = (int) shape[0];
            this.columns = shape.length == 1 ? 1 : (int) shape[1];
        }

        static Tensor of(TensorData d, String what) throws UndecodableException {
            String name = d.name;
            JsonNode shapeNode = d.shape;
            if (shapeNode == null || !shapeNode.isArray()) {
                throw new UndecodableException(what + " '" + name + "' has no shape");
            }
            long[] shape = new long[shapeNode.size()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode n = shapeNode.get(i);
                if (!n.isIntegralNumber() || n.longValue() < 0) {
                    throw new UndecodableException(what + " '" + name + "' has a bad shape " + d.shapeText());
                }
                shape[i] = n.longValue();
                size *= shape[i];
            }
            if (shape.length == 0 || shape.length > 2) {
                throw new UndecodableException(what + " '" + name + "' has shape " + d.shapeText()
                        + ": only [batch] and [batch, k] tensors map to samples");
            }
            if (d.values == null) {
                throw new UndecodableException(what + " '" + name + "' has no data (binary tensor data is not decoded)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new UndecodableException(what + " '" + name + "' is too large");
            }
            if (d.values.size != size) {
                throw new UndecodableException(what + " '" + name + "' has " + d.values.size + " values for shape "
                        + d.shapeText());
            }
            String type = d.datatype;
            return new Tensor(d, shape, type.startsWith("FP") || type.equals("BF16"));
        }

        /** Fails when the cell is not a scalar value (an object inside the data). */
        void check(int row, int column) throws UndecodableException {
            if (data.values.kinds[row * columns + column] == Values.OBJECT) {
                throw new UndecodableException("a value of '" + name + "' is an object, not a value");
            }
        }

        /** A checked cell's sample value (FP tensors written with integral literals, [1, 2], are still floating). */
        Object valueOf(int row, int column) {
            return data.values.value(row * columns + column, floating);
        }

        Object value(int row, int column) throws UndecodableException {
            check(row, column);
            return valueOf(row, column);
        }

        String shapeText() {
            return Arrays.toString(shape);
        }
    }
}
