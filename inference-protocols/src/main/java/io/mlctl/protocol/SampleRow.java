package io.mlctl.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One decoded sample: exactly the NDJSON sample line the control plane ingests
 * ({@code {"ts", "request_id", "features": {...}, "prediction"}}, docs/MONITORING.md). A batch of {@code n} inputs
 * gives {@code n} rows; row {@code i > 0} of a batch carries the request id {@code <id>/<i>} so that every row
 * pairs on its own (row 0 keeps the plain id).
 *
 * @param features   feature name to value (Number, String, Boolean or null), in schema order
 * @param prediction the prediction's value, or null when the schema declares none or the response has none
 */
public record SampleRow(Instant ts, String requestId, Map<String, Object> features, Object prediction) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The sample line without its newline, e.g. {@code {"ts":"2026-11-22T10:00:00Z","request_id":"r1",...}}. */
    public String toJsonLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * features.size());
        try (JsonGenerator g = generator(out)) {
            write(g, ts == null ? null : ts.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Appends the sample line and a newline to {@code out} (UTF-8). A non-finite number is written as null: JSON has
     * no NaN, and the control plane counts both as missing (an infinity would otherwise reject the whole batch).
     */
    public void writeJsonLine(OutputStream out) throws IOException {
        writeJsonLines(java.util.List.of(this), out);
    }

    /**
     * Appends the rows as NDJSON (one line each, newline-terminated) to {@code out} through ONE generator, and the
     * timestamp text once per run of rows sharing it (a batch's rows mostly do): a batch costs no generator and no
     * date formatting per row.
     */
    public static void writeJsonLines(Iterable<SampleRow> rows, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            Instant lastTs = null;
            String tsText = null;
            for (SampleRow row : rows) {
                if (row.ts != null && !row.ts.equals(lastTs)) {
                    lastTs = row.ts;
                    tsText = row.ts.toString();
                }
                row.write(g, row.ts == null ? null : tsText);
                g.writeRaw('\n');
            }
        }
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null); // lines are separated by the newline written after each
        return g;
    }

    private void write(JsonGenerator g, String tsText) throws IOException {
        g.writeStartObject();
        if (tsText != null) {
            g.writeStringField("ts", tsText);
        }
        if (requestId != null) {
            g.writeStringField("request_id", requestId);
        }
        g.writeObjectFieldStart("features");
        if (features instanceof FeatureValues fv) {
            // a decoder's row: numbers go out as the literal text they came in as, when that is plain JSON (no
            // parse to double and back per value: that was most of the cost of writing a batch)
            for (int i = 0; i < fv.size(); i++) {
                g.writeFieldName(fv.name(i));
                if (!fv.cells().writeLiteral(i, g)) {
                    value(g, fv.cells().value(i));
                }
            }
        } else {
            for (Map.Entry<String, Object> e : features.entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
        }
        g.writeEndObject();
        if (prediction != null) {
            g.writeFieldName("prediction");
            value(g, prediction);
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else {
            g.writeString(v.toString());
        }
    }
}
