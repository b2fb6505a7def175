package io.mlctl.logger;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * A copy of a body as it streams through, up to a cap. Past the cap the copy is abandoned (the body itself is still
 * forwarded whole): the pair is then counted as too large instead of being decoded from a truncated body.
 */
final class BodyCapture {
    private static final byte[] EMPTY = new byte[0];
    private final int cap;
    private byte[] bytes;
    private int size;
    private boolean overflow;

    BodyCapture(int cap, long expectedLength) {
        this.cap = cap;
        this.bytes = expectedLength > 0 && expectedLength <= cap ? new byte[(int) expectedLength] : EMPTY;
        this.overflow = expectedLength > cap;
    }

    void add(ByteBuf content) {
        add(content, content.readerIndex(), content.readableBytes());
    }

    /** Copies {@code n} bytes of {@code content} from {@code index} on (the buffer's indexes are not moved). */
    void add(ByteBuf content, int index, int n) {
        if (overflow || n == 0) {
            return;
        }
        if ((long) size + n > cap) {
            overflow = true;
            bytes = EMPTY;
            size = 0;
            return;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(size + n, Math.max(1024, bytes.length * 2))));
        }
        content.getBytes(index, bytes, size, n);
        size += n;
    }

    boolean overflow() {
        return overflow;
    }

    byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    int size() {
        return size;
    }
}
