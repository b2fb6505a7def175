package io.mlctl.controlplane.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the two segment forms ({@link LabelSegment}, {@link PredictionSegment}) share: a big-endian {@link ByteBuffer}
 * that starts with int format and int entries, written by a {@link Writer} and read by a {@link Cursor}.
 */
public final class SegmentBuffer {
    private SegmentBuffer() {
    }

    /** Appends entries (the subclass writes each into {@link #room}'s buffer); {@link #bytes()} is the segment. */
    public abstract static class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(4096);
        private int entries;
        private long newestSampleTs = Long.MIN_VALUE;

        protected Writer(int format) {
            buf.putInt(format).putInt(0);
        }

        /** The buffer, with room for {@code bytes} more. */
        protected ByteBuffer room(int bytes) {
            if (buf.remaining() < bytes) {
                buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), Math.max(buf.capacity() * 2, buf.position() + bytes)))
                        .position(buf.position());
            }
            return buf;
        }

        /** Counts the entry just written, of a prediction sampled at {@code sampleTs}. */
        protected void added(long sampleTs) {
            entries++;
            newestSampleTs = Math.max(newestSampleTs, sampleTs);
        }

        public int entries() {
            return entries;
        }

        /** The newest sample time (epoch ms) of its entries' predictions: it is pruned once that is past retention. */
        public long newestSampleTs() {
            return newestSampleTs;
        }

        public byte[] bytes() {
            byte[] out = Arrays.copyOf(buf.array(), buf.position());
            ByteBuffer.wrap(out).putInt(4, entries);
            return out;
        }
    }

    /** Reads a segment's entries in order: {@link #next()} reads each through {@link #read}. */
    public abstract static class Cursor {
        protected final ByteBuffer buf;
        private int left;

        protected Cursor(byte[] segment, int format, String what) {
            buf = ByteBuffer.wrap(segment);
            int found = buf.getInt();
            if (found != format) {
                throw new IllegalStateException(what + " segment format " + found + " is not known to this release");
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
            read();
            return true;
        }

        /** Reads one entry from {@link #buf}. */
        protected abstract void read();
    }
}
