package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.window.Windowing;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.common.Utf8;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads an NDJSON batch of samples and sorts the valid rows into their windows by timestamp (the receipt time when a
 * row has none); every invalid row gets its line number and reason. Rows in the future or for a window past its
 * close are rejected too.
 */
final class SampleReader {
    /** Details kept per batch; the counts stay exact beyond it. */
    static final int MAX_ERRORS = 100;

    private final RowParser parser;
    private final int predictionIndex;
    private final Windowing windowing;
    private final long maxBodyBytes;
    private final int maxLineBytes;

    SampleReader(SampleSchema schema, Windowing windowing, long maxBodyBytes, int maxLineBytes) {
        this.parser = new RowParser(schema);
        this.predictionIndex = schema.predictionIndex();
        this.windowing = windowing;
        this.maxBodyBytes = maxBodyBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * @throws ProblemException 413 when the body is larger than the limit, 400 when it has no rows at all
     */
    ParsedBatch read(InputStream body, Instant now) throws IOException {
        ParsedBatch batch = new ParsedBatch();
        LineReader lines = new LineReader(maxBodyBytes, maxLineBytes);
        lines.read(body, (lineNo, buf, len, tooLong) -> line(batch, lineNo, buf, len, tooLong, now));
        batch.sha256 = lines.sha256();
        if (batch.accepted() + batch.rejected() == 0) {
            throw ProblemException.badRequest("the body has no samples: send NDJSON, one JSON object per line");
        }
        return batch;
    }

    /**
     * Reads one stream record (a few NDJSON lines, already in memory) into {@code into}: all its valid rows, or
     * none when one of its lines is invalid (that line's error answers). Late rows are dropped and counted in
     * {@code late}, as with {@code ?partial=true}. The checks of {@link #read} without its per-body buffers, digest
     * and window maps: a Kafka consumer calls this for every record, and those allocations were most of its cost.
     */
    RowError readRecord(byte[] value, Instant now, ParsedBatch into, EnumMap<RejectReason, Long> late) {
        if (value.length > maxBodyBytes) {
            return new RowError(1, null, "the record is larger than " + maxBodyBytes + " bytes",
                    RejectReason.MALFORMED);
        }
        staged.clear();
        int used = 0;
        long lateRows = 0;
        int lineNo = 0;
        int start = 0;
        while (start < value.length) {
            int end = start;
            while (end < value.length && value[end] != '\n') {
                end++;
            }
            int len = end - start;
            lineNo++;
            int from = start;
            start = end + 1;
            if (len > maxLineBytes) {
                return new RowError(lineNo, null, "line is longer than " + maxLineBytes + " bytes",
                        RejectReason.LINE_TOO_LONG);
            }
            Utf8.Malformed bad = Utf8.check(value, from, len);
            if (bad != null) {
                return new RowError(lineNo, null, "not UTF-8: invalid UTF-8 at byte offset "
                        + (from + bad.offset()) + " of the record (" + bad.hex(value, from + (int) bad.offset())
                        + ")", RejectReason.MALFORMED);
            }
            if (isBlank(value, from, len)) {
                continue;
            }
            if (used == rows.size()) {
                rows.add(new RowParser.Row(parser.width()));
            }
            RowParser.Row row = rows.get(used);
            row.reset();
            RowError error = parser.parse(value, from, len, lineNo, row);
            if (error == null) {
                error = checkTime(row, lineNo, now);
            }
            if (error != null) {
                if (error.kind() != RejectReason.LATE) {
                    return error;
                }
                lateRows++;
                continue;
            }
            used++;
            staged.add(lineNo);
        }
        if (staged.isEmpty() && lateRows == 0) {
            return new RowError(1, null, "the record has no samples: send NDJSON, one JSON object per line",
                    RejectReason.MALFORMED);
        }
        if (lateRows > 0) {
            late.merge(RejectReason.LATE, lateRows, Long::sum);
        }
        for (int i = 0; i < staged.size(); i++) {
            addStreamed(into, staged.get(i), rows.get(i), now);
        }
        staged.clear();
        return null;
    }

    /** Line numbers of the valid rows of the record being read, kept until all its lines proved valid. */
    private final List<Integer> staged = new ArrayList<>();
    /** The rows of the record being read (reused: one set per reader, not per line). */
    private final List<RowParser.Row> rows = new ArrayList<>();
    /**
     * The last row time checked and its window: the rows of a stream share a handful of timestamps (the parser hands
     * out one Instant per distinct text), so the window and its lateness are worked out once per time.
     */
    private Instant checkedAt;
    private Instant checkedNow;
    private long checkedWindow;
    private ParsedBatch lastBatch;
    private long lastWindow;
    private WindowColumns lastColumns;

    /** {@link #add} for a stream record: the row's window columns found once per run of rows in one window. */
    private void addStreamed(ParsedBatch batch, int lineNo, RowParser.Row row, Instant now) {
        Instant at = row.ts == null ? now : row.ts;
        long window = at == checkedAt && now == checkedNow ? checkedWindow : windowing.windowStart(at);
        if (batch != lastBatch || window != lastWindow || lastColumns == null) {
            lastColumns = batch.windows.computeIfAbsent(window, w -> new WindowColumns(parser.columns()));
            lastBatch = batch;
            lastWindow = window;
        }
        lastColumns.add(lineNo, row);
        if (row.requestId != null && predictionIndex >= 0) {
            lastColumns.pair(PairingRecord.of(row.requestId, at, row.value(predictionIndex)));
        }
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A parsed row's time: in the future or in a closed window is an error (LATE for the latter). */
    private RowError checkTime(RowParser.Row row, int lineNo, Instant now) {
        Instant at = row.ts == null ? now : row.ts;
        if (at == checkedAt && now == checkedNow) {
            return null; // checked already: neither in the future nor late
        }
        if (at.isAfter(now.plus(Windowing.MAX_FUTURE))) {
            return new RowError(lineNo, "ts", "timestamp " + at + " is in the future (server time " + now + ")",
                    RejectReason.BAD_TIMESTAMP);
        }
        long window = windowing.windowStart(at);
        if (windowing.late(window, now)) {
            return new RowError(lineNo, "ts", "late: the window " + Instant.ofEpochMilli(window) + " of timestamp "
                    + at + " closed at " + windowing.closeAt(Granularity.WINDOW, Instant.ofEpochMilli(window)),
                    RejectReason.LATE);
        }
        checkedAt = at;
        checkedNow = now;
        checkedWindow = window;
        return null;
    }

    /** Adds a valid row to its window's columns (and its pairing record). */
    private void add(ParsedBatch batch, int lineNo, RowParser.Row row, Instant now) {
        Instant at = row.ts == null ? now : row.ts;
        long window = windowing.windowStart(at);
        WindowColumns columns = batch.windows.computeIfAbsent(window, w -> new WindowColumns(parser.columns()));
        columns.add(lineNo, row);
        if (row.requestId != null && predictionIndex >= 0) {
            columns.pair(PairingRecord.of(row.requestId, at, row.value(predictionIndex)));
        }
    }

    private void line(ParsedBatch batch, int lineNo, byte[] buf, int len, boolean tooLong, Instant now) {
        if (tooLong) {
            batch.reject(new RowError(lineNo, null, "line is longer than " + maxLineBytes + " bytes",
                    RejectReason.LINE_TOO_LONG));
            return;
        }
        if (LineReader.isBlank(buf, len)) {
            return;
        }
        RowParser.Row row = new RowParser.Row(parser.width());
        RowError error = parser.parse(buf, len, lineNo, row);
        Instant at = row.ts == null ? now : row.ts;
        if (error == null && at.isAfter(now.plus(Windowing.MAX_FUTURE))) {
            error = new RowError(lineNo, "ts", "timestamp " + at + " is in the future (server time " + now + ")",
                    RejectReason.BAD_TIMESTAMP);
        }
        long window = windowing.windowStart(at);
        if (error == null && windowing.late(window, now)) {
            error = new RowError(lineNo, "ts", "late: the window " + Instant.ofEpochMilli(window) + " of timestamp "
                    + at + " closed at " + windowing.closeAt(Granularity.WINDOW, Instant.ofEpochMilli(window)),
                    RejectReason.LATE);
        }
        if (error != null) {
            batch.reject(error);
            return;
        }
        WindowColumns columns = batch.windows.computeIfAbsent(window, w -> new WindowColumns(parser.columns()));
        columns.add(lineNo, row);
        if (row.requestId != null && predictionIndex >= 0) {
            columns.pair(PairingRecord.of(row.requestId, at, row.value(predictionIndex)));
        }
    }

    /** The outcome of reading one batch. */
    static final class ParsedBatch {
        /** Window start (epoch millis) to its rows, in time order. */
        final TreeMap<Long, WindowColumns> windows = new TreeMap<>();
        final List<RowError> errors = new ArrayList<>();
        final EnumMap<RejectReason, Long> rejectedBy = new EnumMap<>(RejectReason.class);
        private int rejected;
        private String sha256;

        void reject(RowError e) {
            rejected++;
            rejectedBy.merge(e.kind(), 1L, Long::sum);
            if (errors.size() < MAX_ERRORS) {
                errors.add(e);
            }
        }

        int rejected() {
            return rejected;
        }

        int accepted() {
            return windows.values().stream().mapToInt(WindowColumns::rows).sum();
        }

        String sha256() {
            return sha256;
        }

        void sha256(String value) {
            sha256 = value;
        }

        /** Adds the accepted rows of {@code other} (one stream record parsed on its own) to this batch. */
        void addAccepted(ParsedBatch other) {
            other.windows.forEach((start, cols) -> windows.computeIfAbsent(start,
                    s -> new WindowColumns(cols.columns())).addAll(cols));
        }

        /** Moves every row of a window to the rejected ones (the window closed meanwhile). */
        void rejectWindow(long start, String reason) {
            WindowColumns w = windows.remove(start);
            if (w != null) {
                for (int line : w.lines()) {
                    reject(new RowError(line, "ts", reason, RejectReason.LATE));
                }
                errors.sort(Comparator.comparingInt(RowError::line));
            }
        }
    }
}
