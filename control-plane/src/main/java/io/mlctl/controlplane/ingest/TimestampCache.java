package io.mlctl.controlplane.ingest;

import java.time.Instant;

/**
 * The instant of a sample's {@code ts} without a full {@code OffsetDateTime.parse} per line (that was a sixth of a
 * Kafka consumer's CPU): the last timestamp parsed in full is remembered by its text up to the second
 * ({@code 2026-12-02T04:15:37}) and its offset ({@code Z}, {@code +01:00}); a text with the same second and offset
 * and any fraction of 1 to 9 digits in between is that second plus the fraction, which is what the full parse gives.
 * Texts of any other shape (no seconds, a lowercase {@code t}, offsets with seconds...) are always parsed in full.
 */
final class TimestampCache {
    private static final int SECOND_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss

    private final byte[] second = new byte[SECOND_LENGTH];
    private final byte[] offset = new byte[6];
    private int offsetLength = -1; // -1: nothing remembered
    private long epochSecond;
    private Instant last;

    /** The instant of {@code text[off, off+len)} when it shares the remembered second and offset; else null. */
    Instant lookup(char[] text, int off, int len) {
        if (offsetLength < 0 || len <= SECOND_LENGTH) {
            return null;
        }
        for (int i = 0; i < len; i++) {
            if (text[off + i] > 0x7e) {
                return null;
            }
        }
        byte[] ascii = scratch.length >= len ? scratch : (scratch = new byte[len]);
        for (int i = 0; i < len; i++) {
            ascii[i] = (byte) text[off + i];
        }
        return lookup(ascii, 0, len);
    }

    private byte[] scratch = new byte[40];

    /** The same for the ASCII bytes of a text. */
    Instant lookup(byte[] text, int off, int len) {
        if (offsetLength < 0 || len <= SECOND_LENGTH) {
            return null;
        }
        for (int i = 0; i < SECOND_LENGTH; i++) {
            if (text[off + i] != second[i]) {
                return null;
            }
        }
        int i = SECOND_LENGTH;
        int nanos = 0;
        if (text[off + i] == '.') {
            int digits = 0;
            i++;
            while (i < len && text[off + i] >= '0' && text[off + i] <= '9') {
                if (++digits > 9) {
                    return null;
                }
                nanos = nanos * 10 + (text[off + i] - '0');
                i++;
            }
            if (digits == 0) {
                return null;
            }
            for (int d = digits; d < 9; d++) {
                nanos *= 10;
            }
        }
        if (len - i != offsetLength) {
            return null;
        }
        for (int k = 0; k < offsetLength; k++) {
            if (text[off + i + k] != offset[k]) {
                return null;
            }
        }
        if (last.getNano() != nanos) {
            last = Instant.ofEpochSecond(epochSecond, nanos);
        }
        return last;
    }

    /** Remembers a text that {@code OffsetDateTime.parse} turned into {@code parsed}, when it has the cached shape. */
    void remember(String text, Instant parsed) {
        int len = text.length();
        if (len <= SECOND_LENGTH || !secondShape(text)) {
            return;
        }
        int i = SECOND_LENGTH;
        if (text.charAt(i) == '.') {
            int digits = 0;
            i++;
            while (i < len && digit(text, i)) {
                digits++;
                i++;
            }
            if (digits == 0 || digits > 9) {
                return;
            }
        }
        String zone = text.substring(i);
        boolean utc = zone.equals("Z");
        boolean hoursMinutes = zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')
                && digit(zone, 1) && digit(zone, 2) && zone.charAt(3) == ':' && digit(zone, 4) && digit(zone, 5);
        if (!utc && !hoursMinutes) {
            return;
        }
        for (int k = 0; k < SECOND_LENGTH; k++) {
            second[k] = (byte) text.charAt(k); // ASCII: checked by its shape
        }
        for (int k = 0; k < zone.length(); k++) {
            offset[k] = (byte) zone.charAt(k);
        }
        offsetLength = zone.length();
        epochSecond = parsed.getEpochSecond(); // the fraction only adds nanoseconds inside this second
        last = parsed;
    }

    private static boolean secondShape(String t) {
        for (int i = 0; i < SECOND_LENGTH; i++) {
            boolean ok = switch (i) {
                case 4, 7 -> t.charAt(i) == '-';
                case 10 -> t.charAt(i) == 'T';
                case 13, 16 -> t.charAt(i) == ':';
                default -> digit(t, i);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(String t, int i) {
        char c = t.charAt(i);
        return c >= '0' && c <= '9';
    }
}
