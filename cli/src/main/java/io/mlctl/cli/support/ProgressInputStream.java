package io.mlctl.cli.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/** Draws "name [=====>    ] 42% 12.3/29.0 MB" on stderr as the upload streams; redraws at most every 1%. */
public final class ProgressInputStream extends FilterInputStream {
    private final long total;
    private final PrintStream out;
    private final String label;
    private long read;
    private int lastPercent = -1;

    public ProgressInputStream(InputStream in, long total, PrintStream out, String label) {
        super(in);
        this.total = Math.max(1, total);
        this.out = out;
        this.label = label;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        } else {
            finish();
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        } else if (n < 0) {
            finish();
        }
        return n;
    }

    private void advance(long n) {
        read += n;
        int pct = (int) Math.min(100, read * 100 / total);
        if (pct != lastPercent) {
            lastPercent = pct;
            int filled = pct / 4;
            String bar = "=".repeat(filled) + (filled < 25 ? ">" : "") + " ".repeat(Math.max(0, 24 - filled));
            out.printf("\r%s [%s] %3d%% %.1f/%.1f MB", label, bar, pct, read / 1e6, total / 1e6);
            out.flush();
        }
        if (read >= total) {
            finish(); // an HTTP client that knows the length may never read the end of the stream
        }
    }

    private void finish() {
        if (lastPercent >= 0 && lastPercent <= 100) {
            out.println();
            lastPercent = 101;
        }
    }
}
