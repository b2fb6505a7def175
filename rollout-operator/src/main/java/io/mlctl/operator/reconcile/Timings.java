package io.mlctl.operator.reconcile;

/** Where one reconciliation spent its time, for the debug log (nothing is kept when debug is off). */
final class Timings {
    private final boolean enabled;
    private final StringBuilder sb = new StringBuilder();

    Timings(boolean enabled) {
        this.enabled = enabled;
    }

    long start() {
        return System.nanoTime();
    }

    void done(String what, long start) {
        if (enabled) {
            sb.append(' ').append(what).append('=').append((System.nanoTime() - start) / 1_000_000).append("ms");
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
