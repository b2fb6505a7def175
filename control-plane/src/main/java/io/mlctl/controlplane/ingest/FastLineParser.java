package io.mlctl.controlplane.ingest;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import io.mlctl.controlplane.schema.SampleColumn;
import io.mlctl.controlplane.schema.SampleSchema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link RowParser} for the common shape of a sample line: a JSON object with {@code ts} (a string),
 * {@code features} (an object of numbers), {@code prediction} (a number) and optionally {@code request_id} (a
 * string), read straight from the bytes into the row's unboxed numbers: no tokens, Strings or boxed values per value
 * (Jackson's tokenizer was most of a Kafka consumer's CPU).
 *
 * <p>It only ever accepts: anything it does not handle, or that would be an error, answers false, and the caller
 * parses the line again with Jackson, which then gives the same result or the error. Handled: numeric columns only,
 * numbers by JSON's grammar (integers of up to 18 digits as Jackson reads them, through a long; others correctly
 * rounded by the same FastDoubleParser Jackson uses) inside the schema's bounds, strings without escapes or control
 * characters, blanks between tokens, each key once. Everything else (categories, booleans, nulls, NaN, escapes,
 * unknown fields, {@code id}, out-of-bounds values, long numbers...) takes the full path.
 */
final class FastLineParser {
    private static final byte[] TS = bytes("ts");
    private static final byte[] FEATURES = bytes("features");
    private static final byte[] PREDICTION = bytes("prediction");
    private static final byte[] REQUEST_ID = bytes("request_id");

    /** UTF-8 names of the numeric feature columns (null: the column is not numeric, or is the prediction). */
    private final byte[][] names;
    private final int predictionIndex;
    private final boolean predictionNumeric;
    private final double[] lowest;
    private final double[] highest;
    /** The column the last line listed at each position of {@code features}: tried first. */
    private final int[] columnAt;
    private final TimestampCache timestamps;

    private byte[] b;
    private int pos;
    private int end;

    /** {@code lowest}/{@code highest}: the columns' bounds as {@link RowParser} holds them (shared, not copied). */
    FastLineParser(SampleSchema schema, TimestampCache timestamps, double[] lowest, double[] highest) {
        List<SampleColumn> columns = schema.columns();
        int n = columns.size();
        names = new byte[n][];
        for (Map.Entry<String, Integer> e : schema.featureIndex().entrySet()) {
            if (columns.get(e.getValue()).numeric()) {
                names[e.getValue()] = bytes(e.getKey());
            }
        }
        predictionIndex = schema.predictionIndex();
        predictionNumeric = predictionIndex >= 0 && columns.get(predictionIndex).numeric();
        this.lowest = lowest;
        this.highest = highest;
        columnAt = new int[n + 1];
        java.util.Arrays.fill(columnAt, -1);
        this.timestamps = timestamps;
    }

    /** Parses {@code buf[off, off+len)} into {@code row} (empty); false: take the full path (row may be partly set). */
    boolean parse(byte[] buf, int off, int len, RowParser.Row row) {
        b = buf;
        pos = off;
        end = off + len;
        try {
            return object(row);
        } finally {
            b = null;
        }
    }

    private boolean object(RowParser.Row row) {
        if (!skipTo('{')) {
            return false;
        }
        boolean ts = false;
        boolean features = false;
        boolean prediction = false;
        boolean requestId = false;
        blanks();
        if (pos < end && b[pos] == '}') {
            pos++;
            return rest();
        }
        while (true) {
            blanks();
            int key = keyStart();
            if (key < 0 || !skipTo(':')) {
                return false;
            }
            int keyLen = keyEnd - key;
            blanks();
            if (is(key, keyLen, TS) && !ts) {
                ts = true;
                if (!timestamp(row)) {
                    return false;
                }
            } else if (is(key, keyLen, FEATURES) && !features) {
                features = true;
                if (!features(row)) {
                    return false;
                }
            } else if (is(key, keyLen, PREDICTION) && !prediction && predictionNumeric) {
                prediction = true;
                if (!number(predictionIndex, row)) {
                    return false;
                }
            } else if (is(key, keyLen, REQUEST_ID) && !requestId) {
                requestId = true;
                int s = stringStart();
                if (s < 0 || stringEnd == s) {
                    return false; // not a string, or empty (an error the full path words)
                }
                row.requestId = new String(b, s, stringEnd - s, StandardCharsets.ISO_8859_1);
            } else {
                return false;
            }
            byte c = separator();
            if (c == '}') {
                return rest();
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** After a member: blanks, then {@code ','} (another member) or {@code '}'} (the object ends), else 0. */
    private byte separator() {
        blanks();
        return pos < end && (b[pos] == ',' || b[pos] == '}') ? b[pos++] : 0;
    }

    /** Only blanks may follow the object. */
    private boolean rest() {
        blanks();
        return pos == end;
    }

    private boolean features(RowParser.Row row) {
        if (!skipTo('{')) {
            return false;
        }
        blanks();
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        int at = 0;
        while (true) {
            blanks();
            int key = keyStart();
            if (key < 0) {
                return false;
            }
            int keyLen = keyEnd - key;
            int column = at < columnAt.length ? columnAt[at] : -1;
            if (column < 0 || !is(key, keyLen, names[column])) {
                column = find(key, keyLen);
                if (column < 0) {
                    return false;
                }
                if (at < columnAt.length) {
                    columnAt[at] = column;
                }
            }
            at++;
            if (row.seen[column] || !skipTo(':')) {
                return false;
            }
            blanks();
            if (!number(column, row)) {
                return false;
            }
            byte c = separator();
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private int find(int key, int keyLen) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && is(key, keyLen, names[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The index after the run of ASCII digits starting at {@code i}. */
    private int digits(int i) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** A JSON number by the grammar, inside the column's bounds, into the row. */
    private boolean number(int column, RowParser.Row row) {
        int start = pos;
        int i = pos;
        if (i < end && b[i] == '-') {
            i++;
        }
        int intStart = i;
        if (i >= end || b[i] < '0' || b[i] > '9') {
            return false; // NaN, Infinity, null, strings...
        }
        if (b[i] == '0') {
            i++;
            if (i < end && b[i] >= '0' && b[i] <= '9') {
                return false; // a leading zero
            }
        } else {
            i = digits(i);
        }
        int intDigits = i - intStart;
        boolean integer = true;
        if (i < end && b[i] == '.') {
            integer = false;
            int from = ++i;
            if ((i = digits(i)) == from) {
                return false; // a fraction needs a digit
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            if ((i = digits(i)) == from) {
                return false; // an exponent needs a digit
            }
        }
        if (i < end && b[i] != ',' && b[i] != '}' && !blank(b[i])) {
            return false;
        }
        if (i - start > 100) {
            return false;
        }
        double v;
        if (integer) {
            if (intDigits > 18) {
                return false;
            }
            long n = 0;
            for (int k = intStart; k < i; k++) {
                n = n * 10 + (b[k] - '0');
            }
            v = b[start] == '-' ? -n : n; // as Jackson: an integer token read as a long (so -0 is 0.0)
        } else {
            v = JavaDoubleParser.parseDouble(b, start, i - start);
        }
        if (!(v >= lowest[column] && v <= highest[column])) {
            return false;
        }
        pos = i;
        row.seen[column] = true;
        row.values[column] = RowParser.Row.NUMBER;
        row.numbers[column] = v;
        return true;
    }

    private boolean timestamp(RowParser.Row row) {
        int s = stringStart();
        if (s < 0) {
            return false;
        }
        Instant at = timestamps.lookup(b, s, stringEnd - s);
        if (at == null) {
            String text = new String(b, s, stringEnd - s, StandardCharsets.ISO_8859_1);
            try {
                at = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return false;
            }
            timestamps.remember(text, at);
        }
        row.ts = at;
        return true;
    }

    private int keyEnd;
    private int stringEnd;

    /** A key: its first byte's index ({@link #keyEnd} after its last), the position after the closing quote. */
    private int keyStart() {
        int s = stringStart();
        keyEnd = stringEnd;
        return s;
    }

    /**
     * A string of printable ASCII without escapes: its first byte's index ({@link #stringEnd} after its last), the
     * position after the closing quote; -1 for anything else.
     */
    private int stringStart() {
        if (pos >= end || b[pos] != '"') {
            return -1;
        }
        int s = ++pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                stringEnd = pos++;
                return s;
            }
            if (c == '\\' || c < 0x20 || c >= 0x7f) { // escapes, control characters, non-ASCII (bytes are signed)
                return -1;
            }
            pos++;
        }
        return -1;
    }

    private boolean skipTo(char c) {
        blanks();
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void blanks() {
        while (pos < end && blank(b[pos])) {
            pos++;
        }
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private boolean is(int from, int len, byte[] word) {
        if (word == null || len != word.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
