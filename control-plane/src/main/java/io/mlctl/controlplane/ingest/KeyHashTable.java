package io.mlctl.controlplane.ingest;

import org.apache.datasketches.hash.MurmurHash3;

import java.nio.charset.StandardCharsets;

/**
 * Request keys held as their 128-bit MurmurHash3 (DataSketches' implementation), each with a fixed number of long
 * values, in one open-addressing array (a slot's hash and values side by side: one cache miss per probe). 16 bytes
 * per key plus 8 per value, at most half full, where a {@code HashMap<String, ...>} of a million keys costs about 100
 * bytes per key and its boxing. 128 bits make a collision between two request ids of one version practically
 * impossible (about 1.5e-27 for a million keys). Not thread-safe.
 */
public final class KeyHashTable {
    private static final long SEED = 0x6d6c63746cL; // "mlctl"
    private final int stride;
    /** Slot i starts at {@code table[stride * i]}: high half, low half, then the values; (0, 0) is empty. */
    private long[] table;
    private int size;
    private int mask;

    /** A set: keys without values. */
    public KeyHashTable() {
        this(0);
    }

    /** A map to {@code values} longs per key. */
    public KeyHashTable(int values) {
        stride = 2 + values;
        table = new long[16 * stride];
        mask = 15;
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
        return find(h1, h2) >= 0;
    }

    /** The key's slot, or -1. */
    public int find(long h1, long h2) {
        for (int i = slot(h1, h2); ; i = (i + 1) & mask) {
            long a = table[stride * i];
            long b = table[stride * i + 1];
            if (a == h1 && b == h2) {
                return i;
            }
            if (a == 0 && b == 0) {
                return -1;
            }
        }
    }

    /** Adds the key (its values zero); answers false when it was there already. */
    public boolean add(long h1, long h2) {
        return put(h1, h2) >= 0;
    }

    /** Adds the key and answers its slot (to set its values), or -1 - its slot when it was there already. */
    public int put(long h1, long h2) {
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        for (int i = slot(h1, h2); ; i = (i + 1) & mask) {
            long a = table[stride * i];
            long b = table[stride * i + 1];
            if (a == h1 && b == h2) {
                return -1 - i;
            }
            if (a == 0 && b == 0) {
                table[stride * i] = h1;
                table[stride * i + 1] = h2;
                size++;
                return i;
            }
        }
    }

    /** Grows the table at once to hold {@code more} keys beyond its size (instead of doubling step by step). */
    public void ensureRoomFor(int more) {
        while ((size + (long) more) * 2 > mask + 1) {
            grow();
        }
    }

    public long value(int slot, int index) {
        return table[stride * slot + 2 + index];
    }

    public void value(int slot, int index, long value) {
        table[stride * slot + 2 + index] = value;
    }

    private int slot(long h1, long h2) {
        // the hash's bits are uniform already: its low bits pick the slot
        return (int) (h2 ^ h1) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length / stride - 1;
        size = 0;
        for (int i = 0; i < old.length; i += stride) {
            if (old[i] != 0 || old[i + 1] != 0) {
                int slot = put(old[i], old[i + 1]);
                System.arraycopy(old, i + 2, table, stride * slot + 2, stride - 2);
            }
        }
    }
}
