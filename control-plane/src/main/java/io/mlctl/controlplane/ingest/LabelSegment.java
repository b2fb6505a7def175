package io.mlctl.controlplane.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a run of joined labels, stored as one {@code label_segment} row instead of one database row per
 * label: each entry carries its request key (with the key's 128-bit hash, which the quality read deduplicates by), the
 * joined prediction (its sample time and value) and the label. Writing a label is then appending bytes, and reading a
 * window's labels is decoding a few blobs instead of looking up a million rows (docs/BENCHMARKS.md, "Labels").
 *
 * <p>Layout (big-endian, {@link ByteBuffer}): int format (1), int entries, then per entry: long hashHigh, long hashLow,
 * short keyLength + UTF-8 key, long sampleTs (epoch ms), byte flags (1 prediction number, 2 prediction text, 4 label
 * number, 8 the request had a label before this one), [double predictionNumber], [short + UTF-8 predictionText], [double labelNumber], short + UTF-8 labelText,
 * long labelTs (epoch ms). Texts are at most 72 characters (PairingRecord.bounded), so a short holds their length.
 */
public final class LabelSegment {
    static final int FORMAT = 1;
    private static final int PRED_NUM = 1;
    private static final int PRED_TEXT = 2;
    private static final int LABEL_NUM = 4;
    private static final int REPLACES = 8;

    private LabelSegment() {
    }

    /** Appends entries; {@link #bytes()} is the segment. */
    public static final class Writer extends SegmentBuffer.Writer {
        public Writer() {
            super(FORMAT);
        }

        /**
         * One label; {@code replaces} when its request had a label stored before (the quality read then looks for a
         * newer one only among such requests).
         */
        public void add(long[] hash, String requestKey, long sampleTs, Double predictionNumber, String predictionText,
                        Double labelNumber, String labelText, long labelTs, boolean replaces) {
            byte[] key = requestKey.getBytes(StandardCharsets.UTF_8);
            byte[] predText = predictionText == null ? null : predictionText.getBytes(StandardCharsets.UTF_8);
            byte[] label = labelText.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = room(16 + 2 + key.length + 8 + 1 + 8 + 2 + (predText == null ? 0 : predText.length) + 8
                    + 2 + label.length + 8);
            buf.putLong(hash[0]).putLong(hash[1]);
            buf.putShort((short) key.length).put(key);
            buf.putLong(sampleTs);
            int flags = (predictionNumber != null ? PRED_NUM : 0) | (predText != null ? PRED_TEXT : 0)
                    | (labelNumber != null ? LABEL_NUM : 0) | (replaces ? REPLACES : 0);
            buf.put((byte) flags);
            if (predictionNumber != null) {
                buf.putDouble(predictionNumber);
            }
            if (predText != null) {
                buf.putShort((short) predText.length).put(predText);
            }
            if (labelNumber != null) {
                buf.putDouble(labelNumber);
            }
            buf.putShort((short) label.length).put(label);
            buf.putLong(labelTs);
            added(sampleTs);
        }
    }

    /** Reads a segment's entries in order; texts are decoded only when asked for. */
    public static final class Cursor extends SegmentBuffer.Cursor {
        private long hashHigh;
        private long hashLow;
        private int keyAt;
        private int keyLength;
        private long sampleTs;
        private int flags;
        private double predictionNumber;
        private int predTextAt;
        private int predTextLength;
        private double labelNumber;
        private int labelAt;
        private int labelLength;
        private long labelTs;

        public Cursor(byte[] segment) {
            super(segment, FORMAT, "label");
        }

        @Override
        protected void read() {
            hashHigh = buf.getLong();
            hashLow = buf.getLong();
            keyLength = buf.getShort();
            keyAt = buf.position();
            buf.position(keyAt + keyLength);
            sampleTs = buf.getLong();
            flags = buf.get();
            predictionNumber = (flags & PRED_NUM) != 0 ? buf.getDouble() : Double.NaN;
            if ((flags & PRED_TEXT) != 0) {
                predTextLength = buf.getShort();
                predTextAt = buf.position();
                buf.position(predTextAt + predTextLength);
            }
            labelNumber = (flags & LABEL_NUM) != 0 ? buf.getDouble() : Double.NaN;
            labelLength = buf.getShort();
            labelAt = buf.position();
            buf.position(labelAt + labelLength);
            labelTs = buf.getLong();
        }

        public long hashHigh() {
            return hashHigh;
        }

        public long hashLow() {
            return hashLow;
        }

        public String requestKey() {
            return text(keyAt, keyLength);
        }

        public long sampleTs() {
            return sampleTs;
        }

        public Double predictionNumber() {
            return (flags & PRED_NUM) != 0 ? predictionNumber : null;
        }

        public String predictionText() {
            return (flags & PRED_TEXT) != 0 ? text(predTextAt, predTextLength) : null;
        }

        public Double labelNumber() {
            return (flags & LABEL_NUM) != 0 ? labelNumber : null;
        }

        public String labelText() {
            return text(labelAt, labelLength);
        }

        /** Whether the label's text is these UTF-8 bytes, without decoding it (a binary task's positive class). */
        public boolean labelIs(byte[] utf8) {
            if (labelLength != utf8.length) {
                return false;
            }
            byte[] a = buf.array();
            for (int i = 0; i < labelLength; i++) {
                if (a[labelAt + i] != utf8[i]) {
                    return false;
                }
            }
            return true;
        }

        public long labelTs() {
            return labelTs;
        }

        /** Whether the request had a label stored before this one. */
        public boolean replaces() {
            return (flags & REPLACES) != 0;
        }

        private String text(int at, int length) {
            return new String(buf.array(), at, length, StandardCharsets.UTF_8);
        }
    }
}
