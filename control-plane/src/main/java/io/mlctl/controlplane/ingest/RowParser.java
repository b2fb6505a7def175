package io.mlctl.controlplane.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Parses one NDJSON sample line, {@code {"ts": "...", "features": {...}, "prediction": ...}}, and checks it against
 * the schema: known features only, the right JSON type, inside the domain, required values present and finite.
 * Values land in a row array in {@link SampleSchema#columns()} order: a Double, a String (categories, booleans as
 * "true"/"false") or null (missing; NaN and infinities stay Doubles and are counted as missing by the profiles).
 */
final class RowParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN and Infinity as Python's json writes them
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private final SampleSchema schema;
    private final List<FeatureSpec> columns;
    private final Map<String, Integer> featureIndex;
    private final int predictionIndex;

    RowParser(SampleSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
        this.featureIndex = schema.featureIndex();
        this.predictionIndex = columns.size() - 1;
    }

    int width() {
        return columns.size();
    }

    List<FeatureSpec> columns() {
        return columns;
    }

    /** One parsed line: its values and timestamp (null: none given). */
    static final class Row {
        final Object[] values;
        final boolean[] seen;
        Instant ts;

        Row(int width) {
            values = new Object[width];
            seen = new boolean[width];
        }
    }

    /** Parses a line into {@code row} (fresh per line); answers the row's first error, or null. */
    RowError parse(byte[] line, int len, int lineNo, Row row) {
        RowError error;
        try (JsonParser p = JSON.createParser(line, 0, len)) {
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
                case "prediction" -> value(p, t, lineNo, "prediction", predictionIndex, row);
                case "ts" -> timestamp(p, t, lineNo, row);
                case "id", "request_id" -> {
                    p.skipChildren();
                    yield null;
                }
                default -> new RowError(lineNo, field, "unknown field '" + FeatureSpec.abbreviate(field)
                        + "' (a sample has ts, features, prediction and optionally id)", RejectReason.UNKNOWN_FIELD);
            };
            if (e != null) {
                return e;
            }
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
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer idx = featureIndex.get(name);
            JsonToken vt = p.nextToken();
            if (idx == null) {
                return new RowError(lineNo, "features." + name, "unknown feature '" + FeatureSpec.abbreviate(name)
                        + "' (not in schema " + schema.ref() + ")", RejectReason.UNKNOWN_FIELD);
            }
            RowError e = value(p, vt, lineNo, "features." + name, idx, row);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static RowError timestamp(JsonParser p, JsonToken t, int lineNo, Row row) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return new RowError(lineNo, "ts", "'ts' must be an ISO-8601 timestamp string such as "
                    + "2026-11-22T10:00:00Z", RejectReason.BAD_TIMESTAMP);
        }
        try {
            row.ts = OffsetDateTime.parse(p.getText()).toInstant();
            return null;
        } catch (DateTimeParseException e) {
            return new RowError(lineNo, "ts", "'" + FeatureSpec.abbreviate(p.getText())
                    + "' is not an ISO-8601 timestamp such as 2026-11-22T10:00:00Z", RejectReason.BAD_TIMESTAMP);
        }
    }

    private RowError value(JsonParser p, JsonToken t, int lineNo, String field, int idx, Row row) throws IOException {
        FeatureSpec spec = columns.get(idx);
        row.seen[idx] = true;
        if (t == JsonToken.VALUE_NULL) {
            row.values[idx] = null;
            return null;
        }
        switch (spec.kind()) {
            case NUMERIC -> {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    p.skipChildren();
                    return new RowError(lineNo, field, "expected a number, got " + describe(t), RejectReason.WRONG_TYPE);
                }
                double v = p.getDoubleValue();
                RowError e = checkNumber(spec, v, lineNo, field);
                if (e != null) {
                    return e;
                }
                row.values[idx] = v;
            }
            case BOOLEAN -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    p.skipChildren();
                    return new RowError(lineNo, field, "expected true or false, got " + describe(t),
                            RejectReason.WRONG_TYPE);
                }
                row.values[idx] = t == JsonToken.VALUE_TRUE ? "true" : "false";
            }
            case CATEGORICAL -> {
                if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_TRUE
                        && t != JsonToken.VALUE_FALSE) { // integer class labels and booleans are categories too
                    p.skipChildren();
                    return new RowError(lineNo, field, "expected a category (string), got " + describe(t),
                            RejectReason.WRONG_TYPE);
                }
                String category = p.getText();
                RowError e = checkCategory(spec, category, lineNo, field);
                if (e != null) {
                    return e;
                }
                row.values[idx] = category;
            }
        }
        return null;
    }

    /** The domain check of a number, shared with the reference's CSV reader. */
    static RowError checkNumber(FeatureSpec spec, double v, int lineNo, String field) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return spec.required() ? new RowError(lineNo, field, v + " is not allowed: the feature is required",
                    RejectReason.MISSING_REQUIRED) : null;
        }
        String why = spec.outOfDomain(v);
        return why == null ? null : new RowError(lineNo, field, why, RejectReason.OUT_OF_DOMAIN);
    }

    static RowError checkCategory(FeatureSpec spec, String category, int lineNo, String field) {
        String why = spec.notAllowed(category);
        return why == null ? null : new RowError(lineNo, field, why, RejectReason.OUT_OF_DOMAIN);
    }

    private RowError checkRequired(int lineNo, Row row) {
        for (int i = 0; i < columns.size(); i++) {
            FeatureSpec spec = columns.get(i);
            if (spec.required() && row.values[i] == null) {
                boolean prediction = i == predictionIndex;
                String field = prediction ? "prediction" : "features." + spec.name();
                String what = row.seen[i] ? " is null" : " is missing";
                return new RowError(lineNo, field, "required " + (prediction ? "prediction" : "feature '"
                        + spec.name() + "'") + what, RejectReason.MISSING_REQUIRED);
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
