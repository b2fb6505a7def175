package io.mlctl.logger;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The head of one HTTP/1.x message (request line or status line, then header lines, up to the empty line), read in
 * place from the received bytes: the proxy forwards those bytes unchanged, so only what framing and logging need is
 * taken out (the start line, content-length, transfer-encoding, connection, x-request-id, content-type) and the
 * upgrade offers the proxy declines are found ({@link #drops});
 * every other header is skipped without making a string of it. One instance per connection side, reused.
 *
 * <p>Strict where leniency would let the proxy and the model server disagree on where a message ends (request
 * smuggling): lines end in CRLF, no obsolete line folding, no space before a header's colon, one content-length value
 * of digits only, transfer-encoding and content-length not both in a request.
 */
final class HttpHead {
    /** Bytes of a head at most (start line and headers), as the codec's 16 KiB line + 64 KiB headers allowed. */
    static final int MAX_HEAD = 80 * 1024;
    static final long NO_LENGTH = -1;

    // what the last parse found
    String method;
    String uri;
    int status;
    boolean http11;
    long contentLength;
    boolean transferEncoding;
    boolean chunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    /**
     * Header lines left out when the head is forwarded, as {@code [start, end)} pairs in order: {@code Upgrade} and
     * {@code HTTP2-Settings} (the proxy declines every protocol upgrade, as a server may by ignoring the offer, so the
     * model server never switches protocols under it; Java's HttpClient offers h2c on every plain-http request) and
     * an empty {@code x-request-id} (a generated one takes its place).
     */
    final int[] drops = new int[16];
    int dropCount;
    /** Where the x-request-id header's value is (-1: no such header), and the content-type's value. */
    int idStart;
    int idEnd;
    int typeStart;
    int typeEnd;

    // where scanning for the end of the head resumes when it came in pieces, relative to the reader index (the
    // bytes may move to a bigger buffer between reads); -1: a new head
    private int scanned = -1;
    private int lineStart;

    /** Forget the scan of a previous (incomplete) head: the next {@link #end} starts at the reader index. */
    void reset() {
        scanned = -1;
    }

    /**
     * Where the head that starts at the reader index ends (the index after its empty line), or -1 when it is not all
     * here yet. Empty lines before a request line are skipped (RFC 9112 2.2) by moving the reader index.
     *
     * @throws IllegalArgumentException when the bytes cannot be an HTTP/1.1 head (a bare LF, too long)
     */
    int end(ByteBuf in) {
        if (scanned < 0) {
            if (in.readableBytes() == 1 && in.getByte(in.readerIndex()) == '\r') {
                return -1; // an empty line before a request line, cut in two: wait for its LF
            }
            while (in.readableBytes() >= 2 && in.getByte(in.readerIndex()) == '\r'
                    && in.getByte(in.readerIndex() + 1) == '\n') {
                in.skipBytes(2);
            }
            scanned = 0;
            lineStart = 0;
        }
        int base = in.readerIndex();
        int limit = in.writerIndex();
        while (base + scanned < limit) {
            int lf = in.indexOf(base + scanned, limit, (byte) '\n');
            if (lf < 0) {
                scanned = limit - base;
                break;
            }
            if (lf == base || in.getByte(lf - 1) != '\r') {
                throw new IllegalArgumentException("a line ends in a bare LF (CRLF expected)");
            }
            scanned = lf + 1 - base;
            if (lf - 1 == base + lineStart && lineStart != 0) {
                scanned = -1;
                return lf + 1;
            }
            lineStart = lf + 1 - base;
        }
        if (limit - base > MAX_HEAD) {
            throw new IllegalArgumentException("the head is longer than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    /**
     * Reads the head in {@code [start, end)} (as {@link #end} found it).
     *
     * @return null, or what is wrong with it
     */
    String parse(ByteBuf b, int start, int end, boolean request) {
        method = null;
        uri = null;
        status = 0;
        contentLength = NO_LENGTH;
        transferEncoding = false;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        dropCount = 0;
        idStart = -1;
        idEnd = -1;
        typeStart = -1;
        typeEnd = -1;
        int eol = b.indexOf(start, end, (byte) '\r');
        if (b.getByte(eol + 1) != '\n') {
            return "a bare CR in the start line";
        }
        String problem = request ? requestLine(b, start, eol) : statusLine(b, start, eol);
        if (problem != null) {
            return problem;
        }
        int line = eol + 2;
        int headEnd = end - 2; // the empty line's CRLF
        while (line < headEnd) {
            int le = b.indexOf(line, headEnd, (byte) '\r');
            if (b.getByte(le + 1) != '\n') {
                return "a bare CR in the headers";
            }
            byte first = b.getByte(line);
            if (first == ' ' || first == '\t') {
                return "obsolete line folding in the headers";
            }
            int colon = b.indexOf(line, le, (byte) ':');
            if (colon <= line) {
                return "a header line without a name and a colon";
            }
            byte last = b.getByte(colon - 1);
            if (last == ' ' || last == '\t') {
                return "whitespace before a header's colon";
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && isSpace(b.getByte(vs))) {
                vs++;
            }
            while (ve > vs && isSpace(b.getByte(ve - 1))) {
                ve--;
            }
            problem = header(b, line, colon, vs, ve, le);
            if (problem != null) {
                return problem;
            }
            line = le + 2;
        }
        if (request && transferEncoding && contentLength != NO_LENGTH) {
            return "both transfer-encoding and content-length";
        }
        return null;
    }

    private String header(ByteBuf b, int ns, int ne, int vs, int ve, int le) {
        switch (ne - ns) {
            case 14 -> {
                if (nameIs(b, ns, "http2-settings")) {
                    return drop(ns, le + 2);
                }
                if (nameIs(b, ns, "content-length")) {
                    long n = digits(b, vs, ve);
                    if (n < 0 || (contentLength != NO_LENGTH && contentLength != n)) {
                        return "an invalid content-length";
                    }
                    contentLength = n;
                }
            }
            case 17 -> {
                if (nameIs(b, ns, "transfer-encoding")) {
                    transferEncoding = true;
                    // the last coding decides: chunked must be the final one to frame the message
                    int t = ve;
                    while (t > vs && b.getByte(t - 1) != ',') {
                        t--;
                    }
                    while (t < ve && isSpace(b.getByte(t))) {
                        t++;
                    }
                    chunked = ve - t == 7 && nameIs(b, t, "chunked");
                }
            }
            case 10 -> {
                if (nameIs(b, ns, "connection")) {
                    connectionTokens(b, vs, ve);
                }
            }
            case 12 -> {
                if (nameIs(b, ns, RequestIds.HEADER)) {
                    if (idStart < 0) {
                        idStart = vs;
                        idEnd = ve;
                        if (vs == ve) {
                            return drop(ns, le + 2);
                        }
                    }
                } else if (typeStart < 0 && nameIs(b, ns, "content-type")) {
                    typeStart = vs;
                    typeEnd = ve;
                }
            }
            case 7 -> {
                if (nameIs(b, ns, "upgrade")) {
                    return drop(ns, le + 2);
                }
            }
            default -> {
            }
        }
        return null;
    }

    private String drop(int start, int end) {
        if (dropCount == drops.length) {
            return "too many upgrade headers";
        }
        drops[dropCount++] = start;
        drops[dropCount++] = end;
        return null;
    }

    private void connectionTokens(ByteBuf b, int vs, int ve) {
        int t = vs;
        while (t < ve) {
            int c = b.indexOf(t, ve, (byte) ',');
            int te = c < 0 ? ve : c;
            int ts = t;
            while (ts < te && isSpace(b.getByte(ts))) {
                ts++;
            }
            int e = te;
            while (e > ts && isSpace(b.getByte(e - 1))) {
                e--;
            }
            if (e - ts == 5 && nameIs(b, ts, "close")) {
                connectionClose = true;
            } else if (e - ts == 10 && nameIs(b, ts, "keep-alive")) {
                connectionKeepAlive = true;
            }
            t = te + 1;
        }
    }

    private String requestLine(ByteBuf b, int s, int e) {
        int sp1 = b.indexOf(s, e, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : b.indexOf(sp1 + 1, e, (byte) ' ');
        if (sp1 <= s || sp2 <= sp1 + 1 || b.indexOf(sp2 + 1, e, (byte) ' ') >= 0) {
            return "the request line is not METHOD SP target SP version";
        }
        method = method(b, s, sp1);
        uri = b.toString(sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        return version(b, sp2 + 1, e) ? null : "an unsupported HTTP version";
    }

    private String statusLine(ByteBuf b, int s, int e) {
        if (e - s < 12 || !version(b, s, s + 8) || b.getByte(s + 8) != ' ') {
            return "the status line is not HTTP/1.x SP status";
        }
        int code = 0;
        for (int i = s + 9; i < s + 12; i++) {
            byte d = b.getByte(i);
            if (d < '0' || d > '9') {
                return "the status code is not three digits";
            }
            code = code * 10 + (d - '0');
        }
        if (e > s + 12 && b.getByte(s + 12) != ' ') {
            return "the status code is not three digits";
        }
        status = code;
        return null;
    }

    private boolean version(ByteBuf b, int s, int e) {
        if (e - s != 8 || !nameIs(b, s, "http/1.")) {
            return false;
        }
        byte minor = b.getByte(s + 7);
        http11 = minor == '1';
        return minor == '0' || minor == '1';
    }

    /** The common methods without a new string each time. */
    private static String method(ByteBuf b, int s, int e) {
        int n = e - s;
        if (n == 4 && b.getInt(s) == 0x504f5354) {
            return "POST";
        }
        if (n == 3 && b.getMedium(s) == 0x474554) {
            return "GET";
        }
        if (n == 4 && b.getInt(s) == 0x48454144) {
            return "HEAD";
        }
        return b.toString(s, n, StandardCharsets.ISO_8859_1);
    }

    String requestId(ByteBuf b) {
        return idStart < 0 || idStart == idEnd ? null : b.toString(idStart, idEnd - idStart, StandardCharsets.ISO_8859_1);
    }

    boolean hasRequestId() {
        return idStart >= 0;
    }

    String contentType(ByteBuf b) {
        return typeStart < 0 ? null : b.toString(typeStart, typeEnd - typeStart, StandardCharsets.ISO_8859_1);
    }

    private static long digits(ByteBuf b, int s, int e) {
        if (s == e || e - s > 18) {
            return -1;
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            byte d = b.getByte(i);
            if (d < '0' || d > '9') {
                return -1;
            }
            n = n * 10 + (d - '0');
        }
        return n;
    }

    /** Whether the bytes at {@code s} are {@code lower} in any ASCII case. */
    private static boolean nameIs(ByteBuf b, int s, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = b.getByte(s + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }
}
