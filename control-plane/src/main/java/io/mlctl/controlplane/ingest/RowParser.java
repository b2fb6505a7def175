package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SampleColumn;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.mlctl.api.registry.Feature;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one NDJSON sample line, {@code {"ts": "...", "features": {...}, "prediction": ...}}, and checks it against
 * the schema: known features only, the right JSON type, inside the domain, required values present and finite.
 * Values land in a row array in {@link SampleSchema#columns()} order: a Double, a String (categories, booleans as
 * "true"/"false") or null (missing; NaN and infinities stay Doubles and are counted as missing by the profiles).
 */
final class RowParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN and Infinity as Python's json writes them
            // same doubles as Double.parseDouble (FastDoubleParser is exact), a large share of a Kafka consumer's time
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private final SampleSchema schema;
    private final List<SampleColumn> columns;
    private final Map<String, Integer> featureIndex;
    private final int predictionIndex;
    /** Per column, the bounds of a valid finite number (the schema's min and max, else the finite range). */
    private final double[] lowest;
    private final double[] highest;
    /**
     * The feature names in the order the last line listed them, and their columns: lines of one producer list the
     * features in one order, and the parser hands out the same (canonical) name instances, so a name is found by
     * identity at its position before the map is asked.
     */
    private final String[] namesAt;
    private final int[] indexAt;
    private final TimestampCache timestamps = new TimestampCache();
    private final FastLineParser fast;

    RowParser(SampleSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
        this.featureIndex = schema.featureIndex();
        this.predictionIndex = schema.predictionIndex();
        int n = columns.size();
        lowest = new double[n];
        highest = new double[n];
        for (int i = 0; i < n; i++) {
            Feature f = columns.get(i).feature();
            lowest[i] = f.min() != null ? f.min() : -Double.MAX_VALUE;
            highest[i] = f.max() != null ? f.max() : Double.MAX_VALUE;
        }
        namesAt = new String[n + 1];
        indexAt = new int[n + 1];
        fast = new FastLineParser(schema, timestamps, lowest, highest);
    }

    int width() {
        return columns.size();
    }

    List<SampleColumn> columns() {
        return columns;
    }

    /**
     * One parsed line: its values and timestamp (null: none given). A numeric value that passed the schema's checks
     * is held unboxed in {@link #numbers} with {@link #NUMBER} in {@link #values} (a stream consumer parses millions
     * of them per second: a Double per value was a large share of its allocation); {@link #value} boxes on demand.
     */
    static final class Row {
        /** Marks a value held in {@link #numbers}. */
        static final Object NUMBER = new Object();
        final Object[] values;
        final double[] numbers;
        final boolean[] seen;
        Instant ts;
        /** {@code request_id}, else {@code id}; null: none (the row is not paired). */
        String requestId;
        private boolean fromRequestIdField;

        Row(int width) {
            values = new Object[width];
            numbers = new double[width];
            seen = new boolean[width];
        }

        /** Column {@code i}'s value: a Double, a String, or null (missing). */
        Object value(int i) {
            Object v = values[i];
            return v == NUMBER ? (Object) numbers[i] : v;
        }

        /** All values boxed: Doubles, Strings and nulls in column order. */
        Object[] boxed() {
            Object[] out = new Object[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = value(i);
            }
            return out;
        }

        /** Empties the row for the next line (rows are reused by a stream reader). */
        void reset() {
            java.util.Arrays.fill(values, null);
            java.util.Arrays.fill(seen, false);
            ts = null;
            requestId = null;
            fromRequestIdField = false;
        }
    }

    /** Parses a line into {@code row} (fresh per line); answers the row's first error, or null. */
    RowError parse(byte[] line, int len, int lineNo, Row row) {
        return parse(line, 0, len, lineNo, row);
    }

    /** Parses the line {@code buf[off, off+len)} (a stream record holds its lines in place). */
    RowError parse(byte[] buf, int off, int len, int lineNo, Row row) {
        if (fast.parse(buf, off, len, row)) {
            return checkRequired(lineNo, row);
        }
        row.reset(); // what the fast path set: the full parse reads the line again and gives its result or error
        return full(buf, off, len, lineNo, row);
    }

    /** {@link FastLineParser} only: false when the line needs the full parse. */
    boolean fast(byte[] buf, int off, int len, Row row) {
        return fast.parse(buf, off, len, row);
    }

    /** The full parse with Jackson, for every line (the fast path's reference). */
    RowError full(byte[] buf, int off, int len, int lineNo, Row row) {
        RowError error;
        try (JsonParser p = new NulFreeParser(JSON.createParser(buf, off, len))) {
            error = fields(p, lineNo, row);
            if (error == null && p.nextToken() != null) {
                error = new RowError(lineNo, null, "more than one JSON value on the line", RejectReason.MALFORMED);
            }
        } catch (JsonParseException e) {
            error = new RowError(lineNo, null, "malformed JSON: " + e.getOriginalMessage(), RejectReason.MALFORMED);
        } catch (IOException e) {
            error = new RowError(lineNo, null, "malformed JSON: " + e.getMessage(), RejectReason.MALFORMED);
        }
        return error != null ? error : checkRequired(lineNo, row);
    }

    private RowError fields(JsonParser p, int lineNo, Row row) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return new RowError(lineNo, null, "a sample must be a JSON object", RejectReason.MALFORMED);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            RowError e = switch (field) {
                case "features" -> features(p, t, lineNo, row);
                case "prediction" -> {
                    if (predictionIndex < 0) { // the schema declares no prediction: nothing to profile
                        p.skipChildren();
                        yield null;
                    }
                    yield value(p, t, lineNo, "prediction", predictionIndex, row);
                }
                case "ts" -> timestamp(p, t, lineNo, row);
                case "id", "request_id" -> requestId(p, t, lineNo, field, row);
                default -> new RowError(lineNo, field, "unknown field '" + RowError.abbreviate(field)
                        + "' (a sample has ts, features, prediction and optionally request_id or id)", RejectReason.UNKNOWN_FIELD);
            };
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /**
     * A request id pairs this version's prediction with another version's for the same request (shadow agreement):
     * a non-empty string or an integer; {@code request_id} wins over {@code id}.
     */
    private static RowError requestId(JsonParser p, JsonToken t, int lineNo, String field, Row row) throws IOException {
        String id = switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
            default -> {
                p.skipChildren();
                yield "";
            }
        };
        if (id != null && id.isEmpty()) {
            return new RowError(lineNo, field, "'" + field + "' must be a non-empty string or an integer, got "
                    + describe(t), RejectReason.WRONG_TYPE);
        }
        boolean isRequestId = field.equals("request_id");
        if (id != null && (isRequestId || !row.fromRequestIdField)) {
            row.requestId = id;
            row.fromRequestIdField = isRequestId;
        }
        return null;
    }

    private RowError features(JsonParser p, JsonToken t, int lineNo, Row row) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new RowError(lineNo, "features", "'features' must be an object", RejectReason.WRONG_TYPE);
        }
        int at = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer idx;
            if (at < namesAt.length && namesAt[at] == name) {
                idx = indexAt[at];
            } else {
                idx = featureIndex.get(name);
                if (idx != null && at < namesAt.length) {
                    namesAt[at] = name;
                    indexAt[at] = idx;
                }
            }
            at++;
            JsonToken vt = p.nextToken();
            if (idx == null) {
                return new RowError(lineNo, "features." + name, "unknown feature '" + RowError.abbreviate(name)
                        + "' (not in schema " + schema.ref() + ")", RejectReason.UNKNOWN_FIELD);
            }
            RowError e = value(p, vt, lineNo, "features." + name, idx, row);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private RowError timestamp(JsonParser p, JsonToken t, int lineNo, Row row) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return new RowError(lineNo, "ts", "'ts' must be an ISO-8601 timestamp string such as "
                    + "2026-11-22T10:00:00Z", RejectReason.BAD_TIMESTAMP);
        }
        Instant known = timestamps.lookup(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (known != null) {
            row.ts = known;
            return null;
        }
        try {
            String text = p.getText();
            row.ts = OffsetDateTime.parse(text).toInstant();
            timestamps.remember(text, row.ts);
            return null;
        } catch (DateTimeParseException e) {
            return new RowError(lineNo, "ts", "'" + RowError.abbreviate(p.getText())
                    + "' is not an ISO-8601 timestamp such as 2026-11-22T10:00:00Z", RejectReason.BAD_TIMESTAMP);
        }
    }

    private RowError value(JsonParser p, JsonToken t, int lineNo, String field, int idx, Row row) throws IOException {
        SampleColumn column = columns.get(idx);
        if ((t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) && column.numeric()) {
            double d = p.getDoubleValue();
            // finite and inside the schema's bounds (NaN fails both tests): what Feature.check accepts, unboxed
            if (d >= lowest[idx] && d <= highest[idx]) {
                row.seen[idx] = true;
                row.values[idx] = Row.NUMBER;
                row.numbers[idx] = d;
                return null;
            }
            return accept(column, d, lineNo, field, idx, row); // NaN (missing), infinities, out of bounds
        }
        Object v = switch (t) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> column.numeric() ? (Object) p.getDoubleValue()
                    : p.getNumberValue();
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> {
                p.skipChildren();
                yield t;
            }
        };
        if (v instanceof JsonToken) {
            return new RowError(lineNo, field, column.feature().name() + " must be a "
                    + column.feature().type().word() + " value, got " + describe(t), RejectReason.WRONG_TYPE);
        }
        return accept(column, v, lineNo, field, idx, row);
    }

    /**
     * Checks a value (Double, other Number, String, Boolean or null) with the schema and stores it in the row:
     * numbers as Double (NaN: missing), categories and booleans as their text. Shared with the CSV reader.
     */
    static RowError accept(SampleColumn column, Object v, int lineNo, String field, int idx, Row row) {
        row.seen[idx] = true;
        Optional<String> why = column.feature().check(v);
        if (why.isPresent()) {
            return new RowError(lineNo, field, why.get(), classify(column, v));
        }
        if (v == null) {
            row.values[idx] = null;
        } else if (column.numeric()) {
            row.values[idx] = ((Number) v).doubleValue();
        } else {
            String category = Feature.category(v);
            if (category != null && category.length() > io.mlctl.api.common.Limits.CATEGORY_VALUE) {
                // stored values are written back out in profiles and reports: an unbounded one could make reads fail
                return new RowError(lineNo, field, "a categorical value is at most "
                        + io.mlctl.api.common.Limits.CATEGORY_VALUE + " characters, this one has "
                        + category.length(), RejectReason.OUT_OF_DOMAIN);
            }
            row.values[idx] = category;
        }
        return null;
    }

    private static RejectReason classify(SampleColumn column, Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return RejectReason.MISSING_REQUIRED;
        }
        boolean typeOk = switch (column.feature().type()) {
            case NUMERIC -> v instanceof Number;
            case BOOLEAN -> v instanceof Boolean;
            case CATEGORICAL -> Feature.category(v) != null;
        };
        return typeOk ? RejectReason.OUT_OF_DOMAIN : RejectReason.WRONG_TYPE;
    }

    private RowError checkRequired(int lineNo, Row row) {
        for (int i = 0; i < columns.size(); i++) {
            if (!row.seen[i]) {
                Optional<String> why = columns.get(i).feature().check(null);
                if (why.isPresent()) {
                    String field = i == predictionIndex ? "prediction" : "features." + columns.get(i).name();
                    return new RowError(lineNo, field, why.get() + " (missing)", RejectReason.MISSING_REQUIRED);
                }
            }
        }
        return null;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
