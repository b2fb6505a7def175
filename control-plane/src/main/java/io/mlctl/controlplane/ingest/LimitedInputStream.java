package io.mlctl.controlplane.ingest;

import io.mlctl.api.common.ProblemException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with 413 once more than {@code max} bytes were read: an upload's own size limit. */
final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long read;

    LimitedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) {
        read += n;
        if (read > max) {
            throw new ProblemException(413, "Content Too Large", "the upload is larger than " + max + " bytes");
        }
    }
}
