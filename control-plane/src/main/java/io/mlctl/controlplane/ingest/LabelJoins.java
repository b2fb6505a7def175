package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a batch of labels joins against, per version, in memory, so that a label costs a hash probe instead of a keyed
 * database lookup (docs/BENCHMARKS.md, "Labels"):
 * <ul>
 *   <li>the requests that have a label already (their key hashes, from label_segment): a batch counts what it
 *   replaces;</li>
 *   <li>the numeric predictions by request (key hash, sample time, value, from prediction_segment): a label finds its
 *   prediction. A request not found there (an unknown id, a categorical prediction, or a segment this replica has
 *   not folded yet) is looked up in prediction_pairing, so the index is a cache that is never wrong: a request's
 *   first prediction never changes.</li>
 * </ul>
 * Both are loaded on a version's first batch and brought up to date inside each batch's transaction, after the
 * version's lock ({@link LabelService}), from the segments stored since (by any replica). Memory: 64-128 bytes per
 * indexed prediction and 32-64 per labelled request; a version with more than {@code mlctl.quality.join-index-max} predictions joins
 * through the database only, and a prune of segments drops everything to be loaded again.
 */
@Singleton
public class LabelJoins {
    /** One version's join state. Guarded by its own monitor (one batch of the version at a time). */
    public static final class Version {
        final KeyHashTable labelled = new KeyHashTable();
        long lastLabelBatch = Long.MIN_VALUE;
        /** Key hash to (sample time ms, value's double bits); null past the size limit. */
        KeyHashTable predictions = new KeyHashTable(2);
        long lastPredictionBatch = Long.MIN_VALUE;

        public boolean labelled(long[] hash) {
            return labelled.contains(hash[0], hash[1]);
        }

        /** The request's numeric prediction as {sample time ms, value}, or null (look it up in the database). */
        public double[] prediction(long[] hash) {
            if (predictions == null) {
                return null;
            }
            int slot = predictions.find(hash[0], hash[1]);
            if (slot < 0) {
                return null;
            }
            double value = Double.longBitsToDouble(predictions.value(slot, 1));
            return Double.isNaN(value) ? null : new double[]{predictions.value(slot, 0), value};
        }
    }

    private record Key(String model, int version) {
    }

    private final ConcurrentHashMap<Key, Version> versions = new ConcurrentHashMap<>();
    private final int maxPredictions;

    public LabelJoins(@Value("${mlctl.quality.join-index-max:5000000}") int maxPredictions) {
        this.maxPredictions = maxPredictions;
    }

    /** The object to synchronize a version's label batches on within this process. */
    public Version of(String model, int version) {
        return versions.computeIfAbsent(new Key(model, version), k -> new Version());
    }

    /**
     * Brings the version's state up to date with the segments committed since it was last. The caller holds the
     * version's lock (the database row and the object's monitor) until its transaction ends, then calls
     * {@link #stored}.
     */
    public void current(Connection c, Version v, String model, int version) throws SQLException {
        SegmentStore.LABELS.after(c, model, version, v.lastLabelBatch, (batchId, body) -> {
            LabelSegment.Cursor k = new LabelSegment.Cursor(body);
            v.labelled.ensureRoomFor(k.remaining());
            while (k.next()) {
                v.labelled.add(k.hashHigh(), k.hashLow());
            }
            v.lastLabelBatch = Math.max(v.lastLabelBatch, batchId);
        });
        if (v.predictions == null) {
            return;
        }
        SegmentStore.PREDICTIONS.after(c, model, version, v.lastPredictionBatch, (batchId, body) -> {
            if (v.predictions == null) {
                return;
            }
            PredictionSegment.Cursor p = new PredictionSegment.Cursor(body);
            v.predictions.ensureRoomFor(p.remaining());
            while (p.next()) {
                int slot = v.predictions.put(p.hashHigh(), p.hashLow());
                if (slot >= 0) {
                    v.predictions.value(slot, 0, p.sampleTs());
                    v.predictions.value(slot, 1, Double.doubleToRawLongBits(p.value()));
                }
            }
            v.lastPredictionBatch = Math.max(v.lastPredictionBatch, batchId);
            if (v.predictions.size() > maxPredictions) {
                v.predictions = null; // too large to keep: this version joins through the database
            }
        });
    }

    /** A committed batch's labelled keys (their hashes). */
    public void stored(Version v, long batchId, List<long[]> hashes) {
        v.labelled.ensureRoomFor(hashes.size());
        for (long[] h : hashes) {
            v.labelled.add(h[0], h[1]);
        }
        v.lastLabelBatch = Math.max(v.lastLabelBatch, batchId);
    }

    /** Forgets every version (segments were pruned): each is loaded again on its next batch. */
    public void forgetAll() {
        versions.clear();
    }
}
