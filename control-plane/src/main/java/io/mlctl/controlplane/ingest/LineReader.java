package io.mlctl.controlplane.ingest;

import io.mlctl.api.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

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
        int n;
        while ((n = body.read(buf)) > 0) {
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
                handler.line(lineNo++, line, tooLong ? 0 : lineLen, tooLong);
                lineLen = 0;
                tooLong = false;
                start = i + 1;
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
            handler.line(lineNo++, line, tooLong ? 0 : lineLen, tooLong);
        }
        return lineNo - 1;
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
