package io.mlctl.logger;

import io.mlctl.protocol.SampleRow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The batch being filled: rows are written as NDJSON lines the moment they are decoded, into one buffer reused from
 * batch to batch. Keeping the decoded row objects until the batch was sent made them outlive young collections and
 * spill into the old generation (full collections, and a heap touched end to end in RSS); a line is a few hundred
 * bytes, and the buffer never becomes garbage.
 */
final class NdjsonBatch {
    private final Buffer buffer = new Buffer();
    private int rows;

    /** Same-thread reuse of ByteArrayOutputStream's array, for the copy handed to the HTTP client. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(64 * 1024);
        }

        byte[] copy() {
            return Arrays.copyOf(buf, count);
        }
    }

    void addAll(List<SampleRow> decoded) {
        try {
            SampleRow.writeJsonLines(decoded, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        rows += decoded.size();
    }

    boolean isEmpty() {
        return rows == 0;
    }

    int size() {
        return rows;
    }

    /** The batch's NDJSON body (a copy: the buffer is reused for the next batch while this one may be retried). */
    byte[] bytes() {
        return buffer.copy();
    }

    void clear() {
        buffer.reset();
        rows = 0;
    }
}
