package io.mlctl.api.common;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for every text the API takes (JSON and YAML bodies, schema documents, NDJSON lines, CSV): a byte
 * sequence that is not UTF-8 (a stray continuation byte, a truncated or overlong sequence, an encoded surrogate) is
 * refused with its byte offset instead of being replaced by U+FFFD, so what is stored is always what was sent. The
 * JDK's decoder does the checking ({@link CodingErrorAction#REPORT}); ASCII, the common case, is passed by a plain
 * byte scan first.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Where a byte sequence stops being UTF-8: the offset of the first bad byte and how many bytes are bad. */
    public record Malformed(long offset, int length) {
        /** In words, with the offending bytes in hex: {@code invalid UTF-8 at byte offset 17 (0xff)}. */
        public String describe(byte[] bytes, int from) {
            return "invalid UTF-8 at byte offset " + offset + " (" + hex(bytes, from) + ")";
        }

        /** The bad bytes, {@code bytes[from..]}, in hex: {@code 0xc0 0x80}. */
        public String hex(byte[] bytes, int from) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.max(length, 1) && from + i < bytes.length; i++) {
                hex.append(i == 0 ? "0x" : " 0x").append(String.format("%02x", bytes[from + i] & 0xff));
            }
            return hex.toString();
        }
    }

    /** The first place {@code bytes[off, off+len)} is not UTF-8 (offsets counted from {@code off}), or null. */
    public static Malformed check(byte[] bytes, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, i, end - i);
        CharBuffer out = CharBuffer.allocate(Math.min(8192, end - i + 1));
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return new Malformed(in.position() - off, r.length());
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            // underflow with endOfInput: all read (a sequence cut off at the end is reported as an error above)
            return null;
        }
    }

    /**
     * The text of a whole body, or a 400 naming the byte offset of the first byte that is not UTF-8 ({@code what}
     * says which body: "the schema document").
     */
    public static String decode(byte[] bytes, String what) {
        Malformed bad = check(bytes, 0, bytes.length);
        if (bad != null) {
            throw ProblemException.badRequest(what + " is not UTF-8: " + bad.describe(bytes, (int) bad.offset()))
                    .with("byteOffset", bad.offset());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
