package io.mlctl.controlplane.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;

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
    public static final class Writer implements SegmentStore.Writer {
        private ByteBuffer buf = ByteBuffer.allocate(8 + ENTRY * 256);
        private int entries;
        private long newestSampleTs = Long.MIN_VALUE;

        public Writer() {
            buf.putInt(FORMAT).putInt(0);
        }

        /** One prediction: its request key's {@link KeyHashTable#hash}, sample time and numeric value (or null). */
        public void add(long[] hash, long sampleTs, Double number) {
            if (buf.remaining() < ENTRY) {
                buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), buf.capacity() * 2)).position(buf.position());
            }
            buf.putLong(hash[0]).putLong(hash[1]).putLong(sampleTs).putDouble(number == null ? Double.NaN : number);
            entries++;
            newestSampleTs = Math.max(newestSampleTs, sampleTs);
        }

        @Override
        public int entries() {
            return entries;
        }

        @Override
        public long newestSampleTs() {
            return newestSampleTs;
        }

        @Override
        public byte[] bytes() {
            byte[] out = Arrays.copyOf(buf.array(), buf.position());
            ByteBuffer.wrap(out).putInt(4, entries);
            return out;
        }
    }

    /** Reads a segment's entries in order. */
    public static final class Cursor {
        private final ByteBuffer buf;
        private int left;
        private long hashHigh;
        private long hashLow;
        private long sampleTs;
        private double value;

        public Cursor(byte[] segment) {
            buf = ByteBuffer.wrap(segment);
            int format = buf.getInt();
            if (format != FORMAT) {
                throw new IllegalStateException("prediction segment format " + format + " is not known to this release");
            }
            left = buf.getInt();
        }

        /** Entries not read yet. */
        public int remaining() {
            return left;
        }

        public boolean next() {
            if (left == 0) {
                return false;
            }
            left--;
            hashHigh = buf.getLong();
            hashLow = buf.getLong();
            sampleTs = buf.getLong();
            value = buf.getDouble();
            return true;
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
