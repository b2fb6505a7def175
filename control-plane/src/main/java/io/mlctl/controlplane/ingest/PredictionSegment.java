package io.mlctl.controlplane.ingest;

import java.nio.ByteBuffer;

/**
 * The binary form of a run of paired predictions (prediction_pairing's rows), stored as one
 * {@code prediction_segment} row: what the quality read needs of each, its sample time (the window) and its numeric
 * value (the scores CBPE estimates from), without looking up a row per prediction, and its request key's hash, by
 * which labels are joined to it in memory (PredictionIndex; docs/BENCHMARKS.md, "Labels").
 *
 * <p>Layout (big-endian, {@link ByteBuffer}): int format (1), int entries, then per entry: long hashHigh, long
 * hashLow, long sampleTs (epoch ms), double value (NaN when the prediction is not a number: predictions are finite, so
 * NaN stands for none).
 */
public final class PredictionSegment {
    static final int FORMAT = 1;
    private static final int ENTRY = 32;

    private PredictionSegment() {
    }

    /** Appends entries; {@link #bytes()} is the segment. */
    public static final class Writer extends SegmentBuffer.Writer {
        public Writer() {
            super(FORMAT);
        }

        /** One prediction: its request key's {@link KeyHashTable#hash}, sample time and numeric value (or null). */
        public void add(long[] hash, long sampleTs, Double number) {
            room(ENTRY).putLong(hash[0]).putLong(hash[1]).putLong(sampleTs)
                    .putDouble(number == null ? Double.NaN : number);
            added(sampleTs);
        }
    }

    /** Reads a segment's entries in order. */
    public static final class Cursor extends SegmentBuffer.Cursor {
        private long hashHigh;
        private long hashLow;
        private long sampleTs;
        private double value;

        public Cursor(byte[] segment) {
            super(segment, FORMAT, "prediction");
        }

        @Override
        protected void read() {
            hashHigh = buf.getLong();
            hashLow = buf.getLong();
            sampleTs = buf.getLong();
            value = buf.getDouble();
        }

        public long hashHigh() {
            return hashHigh;
        }

        public long hashLow() {
            return hashLow;
        }

        public long sampleTs() {
            return sampleTs;
        }

        /** The numeric prediction, NaN when it has none (a categorical one). */
        public double value() {
            return value;
        }
    }
}
