package io.mlctl.controlplane.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a sample with a request id leaves for pairing: the request key, the sample's time and its prediction (a number,
 * or a category's text). The request id and a categorical prediction are stored verbatim up to {@link #MAX_VERBATIM}
 * characters and as {@code sha256:<hex>} beyond, so the rows stay small while equality is kept (a verbatim value is
 * never that long, so the two forms cannot collide).
 */
public record PairingRecord(String requestKey, Instant ts, Double number, String category) {
    static final int MAX_VERBATIM = 64;

    /** The record of an accepted row, or null when its prediction is missing (nothing to compare). */
    static PairingRecord of(String requestId, Instant ts, Object prediction) {
        if (prediction instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : new PairingRecord(bounded(requestId), ts, d, null);
        }
        if (prediction instanceof String s) {
            return new PairingRecord(bounded(requestId), ts, null, bounded(s));
        }
        return null;
    }

    static String bounded(String value) {
        if (value.length() <= MAX_VERBATIM) {
            return value;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
