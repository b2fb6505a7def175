package io.mlctl.controlplane.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The binary form of a run of paired predictions (prediction_pairing's rows), stored as one
 * {@code prediction_segment} row: what the quality read needs of each, its sample time (the window) and its numeric
 * value (the scores CBPE estimates from), without looking up a row per prediction (docs/BENCHMARKS.md, "Labels").
 *
 * <p>Layout (big-endian, {@link ByteBuffer}): int format (1), int entries, then per entry: long sampleTs (epoch ms),
 * double value (NaN when the prediction is not a number: predictions are finite, so NaN stands for none).
 */
public final class PredictionSegment {
    static final int FORMAT = 1;

    private PredictionSegment() {
    }

    /** Appends entries; {@link #bytes()} is the segment. */
    public static final class Writer implements SegmentStore.Writer {
        private ByteBuffer buf = ByteBuffer.allocate(8 + 16 * 256);
        private int entries;
        private long newestSampleTs = Long.MIN_VALUE;

        public Writer() {
            buf.putInt(FORMAT).putInt(0);
        }

        public void add(long sampleTs, Double number) {
            if (buf.remaining() < 16) {
                buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), buf.capacity() * 2)).position(buf.position());
            }
            buf.putLong(sampleTs).putDouble(number == null ? Double.NaN : number);
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

        public boolean next() {
            if (left == 0) {
                return false;
            }
            left--;
            sampleTs = buf.getLong();
            value = buf.getDouble();
            return true;
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
