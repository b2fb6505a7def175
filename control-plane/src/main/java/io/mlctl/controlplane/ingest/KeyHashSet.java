package io.mlctl.controlplane.ingest;

import org.apache.datasketches.hash.MurmurHash3;

import java.nio.charset.StandardCharsets;

/**
 * A set of request keys held as their 128-bit MurmurHash3 (DataSketches' implementation), in one open-addressing
 * array (a slot's two halves side by side: one cache miss per probe): 16 bytes per key at most half full, where a {@code HashSet<String>} of a million keys costs about 100 bytes
 * per key and its boxing. 128 bits make a collision between two request ids of one version practically impossible
 * (about 1.5e-27 for a million keys). Not thread-safe.
 */
public final class KeyHashSet {
    private static final long SEED = 0x6d6c63746cL; // "mlctl"
    /** Slot i is {@code table[2i]} (high half) and {@code table[2i + 1]} (low half); (0, 0) is empty. */
    private long[] table;
    private int size;
    private int mask;

    public KeyHashSet() {
        this(16);
    }

    public KeyHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[capacity * 2];
        mask = capacity - 1;
    }

    /** The key's 128-bit hash, high half first. */
    public static long[] hash(String requestKey) {
        long[] h = MurmurHash3.hash(requestKey.getBytes(StandardCharsets.UTF_8), SEED);
        if (h[0] == 0 && h[1] == 0) {
            h[1] = 1; // (0, 0) marks an empty slot
        }
        return h;
    }

    public int size() {
        return size;
    }

    public boolean contains(long h1, long h2) {
        for (int i = slot(h1, h2); ; i = (i + 1) & mask) {
            long a = table[2 * i];
            long b = table[2 * i + 1];
            if (a == h1 && b == h2) {
                return true;
            }
            if (a == 0 && b == 0) {
                return false;
            }
        }
    }

    /** Adds the hash; answers false when it was there already. */
    public boolean add(long h1, long h2) {
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        for (int i = slot(h1, h2); ; i = (i + 1) & mask) {
            long a = table[2 * i];
            long b = table[2 * i + 1];
            if (a == h1 && b == h2) {
                return false;
            }
            if (a == 0 && b == 0) {
                table[2 * i] = h1;
                table[2 * i + 1] = h2;
                size++;
                return true;
            }
        }
    }

    private int slot(long h1, long h2) {
        // the hash's bits are uniform already: its low bits pick the slot
        return (int) (h2 ^ h1) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length / 2 - 1;
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                add(old[i], old[i + 1]);
            }
        }
    }
}
