package io.mlctl.controlplane.ingest;

import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.common.Utf8;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits a streamed body into lines in bounded memory: a line longer than the limit is reported (and skipped) instead
 * of buffered, a body larger than its limit is refused with 413, and the SHA-256 of the whole body is computed on the
 * way (the identity of a batch for idempotency).
 */
final class LineReader {
    /** Receives each line; {@code tooLong} lines come with no bytes. */
    interface LineHandler {
        void line(int lineNo, byte[] buf, int len, boolean tooLong);
    }

    private final long maxBodyBytes;
    private final int maxLineBytes;
    private final MessageDigest digest;
    private long bytes;

    LineReader(long maxBodyBytes, int maxLineBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxLineBytes = maxLineBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads to the end; answers the number of lines. Empty lines (and CR of CRLF) are passed on as they are. */
    int read(InputStream body, LineHandler handler) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[Math.min(maxLineBytes, 8 * 1024)];
        int lineLen = 0;
        boolean tooLong = false;
        int lineNo = 1;
        long lineStart = 0;
        int n;
        while ((n = body.read(buf)) > 0) {
            long bufStart = bytes;
            bytes += n;
            if (bytes > maxBodyBytes) {
                throw new ProblemException(413, "Content Too Large", "the body is larger than " + maxBodyBytes
                        + " bytes; send smaller batches (mlctl samples send splits files)");
            }
            digest.update(buf, 0, n);
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                int chunk = i - start;
                if (!tooLong) {
                    if (lineLen + chunk > maxLineBytes) {
                        tooLong = true;
                    } else {
                        line = ensure(line, lineLen + chunk);
                        System.arraycopy(buf, start, line, lineLen, chunk);
                        lineLen += chunk;
                    }
                }
                deliver(handler, lineNo++, line, tooLong ? 0 : lineLen, tooLong, lineStart);
                lineLen = 0;
                tooLong = false;
                start = i + 1;
                lineStart = bufStart + start;
            }
            int rest = n - start;
            if (!tooLong && rest > 0) {
                if (lineLen + rest > maxLineBytes) {
                    tooLong = true;
                } else {
                    line = ensure(line, lineLen + rest);
                    System.arraycopy(buf, start, line, lineLen, rest);
                    lineLen += rest;
                }
            }
        }
        if (lineLen > 0 || tooLong) {
            deliver(handler, lineNo++, line, tooLong ? 0 : lineLen, tooLong, lineStart);
        }
        return lineNo - 1;
    }

    /**
     * Hands a line on if it is UTF-8. A line that is not refuses the whole body (422 with the line and the byte
     * offset in the body), even with partial acceptance: the body is not text, and Jackson alone would take some
     * malformed sequences (an overlong {@code C0 80} as U+0000) and store them.
     */
    private static void deliver(LineHandler handler, int lineNo, byte[] line, int len, boolean tooLong,
                                long lineStart) {
        Utf8.Malformed bad = tooLong ? null : Utf8.check(line, 0, len);
        if (bad != null) {
            long offset = lineStart + bad.offset();
            String reason = "not UTF-8: invalid UTF-8 at byte offset " + offset + " of the body (byte "
                    + (bad.offset() + 1) + " of the line: " + bad.hex(line, (int) bad.offset()) + ")";
            throw ProblemException.unprocessable("line " + lineNo + " is " + reason + "; nothing was stored",
                    List.of(ProblemError.line(lineNo, reason))).with("byteOffset", offset);
        }
        handler.line(lineNo, line, len, tooLong);
    }

    long bytes() {
        return bytes;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] ensure(byte[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }

    static boolean isBlank(byte[] line, int len) {
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
