package io.mlctl.logger;

import io.netty.buffer.ByteBuf;

/**
 * Where the body of one HTTP/1.1 message ends in the bytes as they arrive: a content-length, chunked framing (chunk
 * sizes, extensions and trailers walked byte by byte across reads, the data skipped in bulk), or "until the
 * connection closes" (a response without either). The bytes themselves are not changed: the proxy forwards them as
 * received and hands only the data bytes to the body's copy for logging. One instance per connection side, reused.
 */
final class BodyFramer {
    enum Mode { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    /** Longest chunk-size line (extensions included) and trailer section accepted. */
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_TRAILERS = 64 * 1024;

    private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER, TRAILER_LF, END_LF }

    private Mode mode = Mode.NONE;
    private long remaining;
    private Chunk chunk;
    private int digits;
    private int lineBytes;
    private int trailerBytes;
    private boolean done = true;

    void start(Mode m, long length) {
        mode = m;
        remaining = length;
        chunk = Chunk.SIZE;
        digits = 0;
        lineBytes = 0;
        trailerBytes = 0;
        done = m == Mode.NONE || (m == Mode.LENGTH && length == 0);
    }

    Mode mode() {
        return mode;
    }

    boolean done() {
        return done;
    }

    /**
     * Walks the body's bytes from the reader index on (without moving it), copying data bytes into {@code capture}.
     *
     * @return how many of the readable bytes belong to this body ({@link #done()} says whether it ended there)
     * @throws IllegalArgumentException on chunked framing that is not HTTP/1.1
     */
    int advance(ByteBuf in, BodyCapture capture) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        switch (mode) {
            case NONE -> {
                return 0;
            }
            case UNTIL_CLOSE -> {
                if (capture != null) {
                    capture.add(in, start, end - start);
                }
                return end - start;
            }
            case LENGTH -> {
                int n = (int) Math.min(remaining, end - start);
                if (capture != null) {
                    capture.add(in, start, n);
                }
                remaining -= n;
                done = remaining == 0;
                return n;
            }
            default -> {
                return chunked(in, start, end, capture) - start;
            }
        }
    }

    /** The index after the last byte of the chunked body seen so far. */
    private int chunked(ByteBuf in, int i, int end, BodyCapture capture) {
        while (i < end && !done) {
            if (chunk == Chunk.DATA) {
                int n = (int) Math.min(remaining, end - i);
                if (capture != null) {
                    capture.add(in, i, n);
                }
                remaining -= n;
                i += n;
                if (remaining == 0) {
                    chunk = Chunk.DATA_CR;
                }
                continue;
            }
            byte c = in.getByte(i++);
            switch (chunk) {
                case SIZE -> {
                    int d = hex(c);
                    if (d >= 0) {
                        if (++digits > 15) {
                            throw new IllegalArgumentException("a chunk size too large");
                        }
                        remaining = remaining * 16 + d;
                    } else if (digits > 0 && (c == ';' || c == ' ' || c == '\t')) {
                        chunk = Chunk.EXTENSION;
                    } else if (digits > 0 && c == '\r') {
                        chunk = Chunk.SIZE_LF;
                    } else {
                        throw new IllegalArgumentException("an invalid chunk size");
                    }
                }
                case EXTENSION -> {
                    if (c == '\r') {
                        chunk = Chunk.SIZE_LF;
                    } else if (c == '\n' || ++lineBytes > MAX_LINE) {
                        throw new IllegalArgumentException("an invalid chunk extension");
                    }
                }
                case SIZE_LF -> {
                    expect(c, '\n');
                    lineBytes = 0;
                    digits = 0;
                    chunk = remaining == 0 ? Chunk.TRAILER_START : Chunk.DATA;
                }
                case DATA_CR -> {
                    expect(c, '\r');
                    chunk = Chunk.DATA_LF;
                }
                case DATA_LF -> {
                    expect(c, '\n');
                    chunk = Chunk.SIZE;
                }
                case TRAILER_START -> {
                    if (c == '\r') {
                        chunk = Chunk.END_LF;
                    } else {
                        chunk = Chunk.TRAILER;
                        trailer();
                    }
                }
                case TRAILER -> {
                    if (c == '\r') {
                        chunk = Chunk.TRAILER_LF;
                    } else if (c == '\n') {
                        throw new IllegalArgumentException("a bare LF in the trailers");
                    }
                    trailer();
                }
                case TRAILER_LF -> {
                    expect(c, '\n');
                    chunk = Chunk.TRAILER_START;
                }
                case END_LF -> {
                    expect(c, '\n');
                    done = true;
                }
                default -> throw new IllegalStateException(chunk.name());
            }
        }
        return i;
    }

    private void trailer() {
        if (++trailerBytes > MAX_TRAILERS) {
            throw new IllegalArgumentException("trailers longer than " + MAX_TRAILERS + " bytes");
        }
    }

    private static void expect(byte c, char wanted) {
        if (c != wanted) {
            throw new IllegalArgumentException("chunked framing without its CRLF");
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
