package io.mlctl.controlplane.ingest;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which requests of a version have a label already, so that a batch can count the labels it replaces without a
 * keyed database lookup per label: the request keys' hashes of every stored segment, loaded on first use and brought
 * up to date from the segments stored since (by any replica) inside each label batch's transaction, after the
 * version's lock ({@link LabelService}). 16-32 bytes per labelled request in memory; the predictions' retention
 * bounds them, and a prune drops them all to be loaded again.
 */
@Singleton
public class LabelledKeys {
    /** One version's labelled keys and the last batch folded into them. */
    public static final class Version {
        final KeyHashSet keys = new KeyHashSet();
        long lastBatch = Long.MIN_VALUE;

        public boolean contains(long[] hash) {
            return keys.contains(hash[0], hash[1]);
        }
    }

    private record Key(String model, int version) {
    }

    private final ConcurrentHashMap<Key, Version> versions = new ConcurrentHashMap<>();

    /**
     * The version's labelled keys, current as of the caller's transaction. The caller holds the version's lock (the
     * database row and this object's monitor) until its transaction ends, then calls {@link #stored}.
     */
    public Version current(Connection c, Version v, String model, int version) throws SQLException {
        SegmentStore.LABELS.after(c, model, version, v.lastBatch, (batchId, body) -> fold(v, batchId, body));
        return v;
    }

    /** The object to synchronize a version's label batches on within this process. */
    public Version of(String model, int version) {
        return versions.computeIfAbsent(new Key(model, version), k -> new Version());
    }

    /** A committed batch's labelled keys (their hashes). */
    public void stored(Version v, long batchId, java.util.List<long[]> hashes) {
        for (long[] h : hashes) {
            v.keys.add(h[0], h[1]);
        }
        v.lastBatch = Math.max(v.lastBatch, batchId);
    }

    /** Forgets every version (segments were pruned): each is loaded again on its next batch. */
    public void forgetAll() {
        versions.clear();
    }

    private static void fold(Version v, long batchId, byte[] body) {
        LabelSegment.Cursor cursor = new LabelSegment.Cursor(body);
        while (cursor.next()) {
            v.keys.add(cursor.hashHigh(), cursor.hashLow());
        }
        v.lastBatch = Math.max(v.lastBatch, batchId);
    }
}
