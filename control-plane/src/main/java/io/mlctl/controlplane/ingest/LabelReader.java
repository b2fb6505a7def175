package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.window.Windowing;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.quality.LabelValues;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an NDJSON batch of labels, {@code {"request_id": "r-1", "label": 1, "ts": "2026-11-22T10:00:00Z"}} per
 * line, with the samples' line splitting, limits and row errors. Within a batch the last label of a request id
 * wins, as a later batch's would.
 */
final class LabelReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final long maxBodyBytes;
    private final int maxLineBytes;

    LabelReader(long maxBodyBytes, int maxLineBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * A request's last valid label in the batch: the request key (as pairing stores it), the label's text and number
     * forms, its time, and how many valid lines carried the request id.
     */
    record Label(String requestKey, String text, Double number, Instant ts, int lines) {
    }

    static final class Parsed {
        /** By request key, the last label of each, in the order of their last lines. */
        final Map<String, Label> labels = new LinkedHashMap<>();
        final List<RowError> errors = new ArrayList<>();
        final Map<RejectReason, Long> rejectedBy = new EnumMap<>(RejectReason.class);
        int valid;
        int rejected;
        String sha256;

        void reject(RowError e) {
            rejected++;
            rejectedBy.merge(e.kind(), 1L, Long::sum);
            if (errors.size() < SampleReader.MAX_ERRORS) {
                errors.add(e);
            }
        }
    }

    Parsed read(InputStream body, Instant now) throws IOException {
        Parsed batch = new Parsed();
        LineReader lines = new LineReader(maxBodyBytes, maxLineBytes);
        lines.read(body, (lineNo, buf, len, tooLong) -> line(batch, lineNo, buf, len, tooLong, now));
        batch.sha256 = lines.sha256();
        if (batch.valid + batch.rejected == 0) {
            throw ProblemException.badRequest("the body has no labels: send NDJSON, one {\"request_id\", \"label\", "
                    + "\"ts\"} object per line");
        }
        return batch;
    }

    private void line(Parsed batch, int lineNo, byte[] buf, int len, boolean tooLong, Instant now) {
        if (tooLong) {
            batch.reject(new RowError(lineNo, null, "line is longer than " + maxLineBytes + " bytes",
                    RejectReason.LINE_TOO_LONG));
            return;
        }
        if (LineReader.isBlank(buf, len)) {
            return;
        }
        String[] id = new String[1];
        Object[] label = new Object[1];
        Instant[] ts = new Instant[1];
        RowError error;
        try (JsonParser p = new NulFreeParser(JSON.createParser(buf, 0, len))) {
            error = fields(p, lineNo, id, label, ts);
            if (error == null && p.nextToken() != null) {
                error = new RowError(lineNo, null, "more than one JSON value on the line", RejectReason.MALFORMED);
            }
        } catch (JsonParseException e) {
            error = new RowError(lineNo, null, "malformed JSON: " + e.getOriginalMessage(), RejectReason.MALFORMED);
        } catch (IOException e) {
            error = new RowError(lineNo, null, "malformed JSON: " + e.getMessage(), RejectReason.MALFORMED);
        }
        if (error == null && id[0] == null) {
            error = new RowError(lineNo, "request_id", "request_id is required: the id the prediction was logged "
                    + "under", RejectReason.MISSING_REQUIRED);
        }
        if (error == null && label[0] == null) {
            error = new RowError(lineNo, "label", "label is required (a number, string or boolean)",
                    RejectReason.MISSING_REQUIRED);
        }
        if (error == null && ts[0] != null && ts[0].isAfter(now.plus(Windowing.MAX_FUTURE))) {
            error = new RowError(lineNo, "ts", "'ts' " + ts[0] + " is in the future (server time " + now + ")",
                    RejectReason.BAD_TIMESTAMP);
        }
        if (error != null) {
            batch.reject(error);
            return;
        }
        Double number = label[0] instanceof Double d ? d : null;
        String text = number != null ? LabelValues.number(number) : String.valueOf(label[0]);
        String key = PairingRecord.bounded(id[0]);
        Label l = new Label(key, PairingRecord.bounded(text), number, ts[0] == null ? now : ts[0], 1);
        Label earlier = batch.labels.put(key, l);
        if (earlier != null) {
            // a repeat replaces the line before it; re-inserted, the order is that of the last line, as stored
            batch.labels.remove(key);
            batch.labels.put(key, new Label(key, l.text(), number, l.ts(), earlier.lines() + 1));
        }
        batch.valid++;
    }

    private static RowError fields(JsonParser p, int lineNo, String[] id, Object[] label, Instant[] ts)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return new RowError(lineNo, null, "a label must be a JSON object", RejectReason.MALFORMED);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "request_id" -> {
                    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                        id[0] = p.getText();
                    }
                    if (t != JsonToken.VALUE_NULL && (id[0] == null || id[0].isEmpty())) {
                        p.skipChildren();
                        return new RowError(lineNo, field, "'request_id' must be a non-empty string or an integer",
                                RejectReason.WRONG_TYPE);
                    }
                }
                case "label" -> {
                    switch (t) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                            double v = p.getDoubleValue();
                            if (!Double.isFinite(v)) {
                                return new RowError(lineNo, field, "'label' must be a finite number",
                                        RejectReason.OUT_OF_DOMAIN);
                            }
                            label[0] = v;
                        }
                        case VALUE_STRING -> {
                            if (p.getText().isEmpty()) {
                                return new RowError(lineNo, field, "'label' must not be empty",
                                        RejectReason.OUT_OF_DOMAIN);
                            }
                            label[0] = p.getText();
                        }
                        case VALUE_TRUE, VALUE_FALSE -> label[0] = String.valueOf(p.getBooleanValue());
                        case VALUE_NULL -> label[0] = null;
                        default -> {
                            p.skipChildren();
                            return new RowError(lineNo, field, "'label' must be a number, string or boolean",
                                    RejectReason.WRONG_TYPE);
                        }
                    }
                }
                case "ts" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (t != JsonToken.VALUE_STRING) {
                        p.skipChildren();
                        return new RowError(lineNo, field, "'ts' must be an ISO-8601 timestamp string such as "
                                + "2026-11-22T10:00:00Z", RejectReason.BAD_TIMESTAMP);
                    }
                    try {
                        ts[0] = OffsetDateTime.parse(p.getText()).toInstant();
                    } catch (DateTimeParseException e) {
                        return new RowError(lineNo, field, "'" + RowError.abbreviate(p.getText())
                                + "' is not an ISO-8601 timestamp such as 2026-11-22T10:00:00Z",
                                RejectReason.BAD_TIMESTAMP);
                    }
                }
                default -> {
                    p.skipChildren();
                    return new RowError(lineNo, field, "unknown field '" + RowError.abbreviate(field)
                            + "' (a label has request_id, label and optionally ts)", RejectReason.UNKNOWN_FIELD);
                }
            }
        }
        return null;
    }
}
