package io.mlctl.controlplane.ingest;

import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * UTF-8 text of a streamed upload (a CSV reference profile) that refuses the first malformed byte with a 422 naming
 * its line and its byte offset in the body, instead of the bare {@code MalformedInputException} of an
 * {@code InputStreamReader} (which says neither) or U+FFFD in its place.
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    /** Bytes of the body before {@code bytes}' first byte. */
    private long before;
    private final CharBuffer chars = CharBuffer.allocate(16 * 1024).flip();
    /** Line feeds decoded so far. */
    private long newlines;
    private boolean eof;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (eof && !bytes.hasRemaining()) {
                return -1;
            }
            decode();
        }
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        return n;
    }

    /** Decodes what the byte buffer holds into {@code chars} (empty before), reading more bytes when needed. */
    private void decode() throws IOException {
        chars.clear();
        CoderResult r = decoder.decode(bytes, chars, eof);
        chars.flip();
        for (int i = 0; i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                newlines++;
            }
        }
        if (r.isError()) {
            long offset = before + bytes.position();
            long line = newlines + 1;
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                hex.append(i == 0 ? "0x" : " 0x").append(String.format("%02x", bytes.get(bytes.position() + i) & 0xff));
            }
            String reason = "not UTF-8: invalid UTF-8 at byte offset " + offset + " (" + hex + ")";
            throw ProblemException.unprocessable("the CSV is not UTF-8: line " + line + ", byte offset " + offset
                    + " (" + hex + "); nothing was stored", List.of(ProblemError.line((int) line, reason)))
                    .with("byteOffset", offset);
        }
        if (r.isUnderflow() && !eof) {
            before += bytes.position();
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
