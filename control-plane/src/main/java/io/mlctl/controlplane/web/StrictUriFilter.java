package io.mlctl.controlplane.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.mlctl.api.common.Limits;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.common.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The path and query of every request, percent-decoded, must be UTF-8 without U+0000, as bodies must be
 * (docs/LIMITS.md, "Text"): Micronaut decodes {@code %FF} to U+FFFD, so a name in the path would not be what was
 * sent, and {@code ?actor=%00} reached PostgreSQL, which cannot hold U+0000 in text, and failed as a 500. A bad path
 * or parameter is a 400 naming it and the byte offset.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class StrictUriFilter {
    @RequestFilter
    public void check(HttpRequest<?> request) {
        String path = request.getUri().getRawPath();
        if (path != null) {
            text(path, false, "the path");
        }
        String query = request.getUri().getRawQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String shown = "query parameter '" + Limits.echo(lenient(name)) + "'";
            text(name, true, "the name of " + shown);
            if (eq >= 0) {
                text(pair.substring(eq + 1), true, shown);
            }
        }
    }

    private static void text(String raw, boolean query, String what) {
        if (raw.indexOf('%') < 0 && (!query || raw.indexOf('+') < 0)) {
            return; // nothing encoded: the raw request line is ASCII
        }
        byte[] bytes = decode(raw, query);
        Utf8.Malformed bad = Utf8.check(bytes, 0, bytes.length);
        if (bad != null) {
            throw ProblemException.badRequest(what + " is not UTF-8 once percent-decoded: "
                    + bad.describe(bytes, (int) bad.offset()), ProblemError.field(what, "not UTF-8"))
                    .with("byteOffset", bad.offset());
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw ProblemException.badRequest(what + " holds U+0000 (%00) at byte offset " + i
                        + ", which text may not contain", ProblemError.field(what, "holds U+0000"))
                        .with("byteOffset", (long) i);
            }
        }
    }

    /** Percent-decoding to bytes ({@code +} is a space in a query); a stray {@code %} stays itself. */
    private static byte[] decode(String raw, boolean query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && query) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static String lenient(String raw) {
        return new String(decode(raw, true), StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
