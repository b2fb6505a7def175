package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Value;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.IngestResult;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.window.Windowing;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Ingest of a stream (Kafka, docs/KAFKA.md) rather than of one HTTP batch: each record is read on its own so that a
 * bad one is rejected whole and never holds up the others; the good records of one poll are folded into a single
 * batch and stored by {@link BatchStore} inside the caller's transaction (the one that also stores the consumed
 * offsets): BatchStore's write joins it and folds the partials through {@code window.WindowStore#fold}, which runs
 * only in a transaction its caller owns. Partials, row counts and offsets commit together: the stream's counts are
 * exactly once. Late rows are dropped and counted as with
 * {@code ?partial=true}.
 */
@Singleton
public class StreamIngest {
    private final SchemaSource schemas;
    private final BatchStore store;
    private final Windowing windowing;
    private final IngestMetrics metrics;
    private final long maxRecordBytes;
    private final int maxLineBytes;

    public StreamIngest(SchemaSource schemas, BatchStore store, Windowing windowing, IngestMetrics metrics,
                        @Value("${mlctl.ingest.max-batch-bytes:16777216}") long maxRecordBytes,
                        @Value("${mlctl.ingest.max-line-bytes:1048576}") int maxLineBytes) {
        this.schemas = schemas;
        this.store = store;
        this.windowing = windowing;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Starts the batch of one model version for one poll.
     *
     * @throws ProblemException 404 when the version does not exist, 409 when it has no schema or reference profile
     */
    public Fold begin(String model, int version, Instant now) {
        return begin(target(model, version), now);
    }

    /**
     * The schema and current reference of a version, read once per poll by a consumer and shared by the folds of
     * its partitions (a fold per partition re-read them every batch).
     *
     * @throws ProblemException 404 when the version does not exist, 409 when it has no schema or reference profile
     */
    public Target target(String model, int version) {
        SampleSchema schema = schemas.schemaOf(model, version);
        long reference = store.requireReference(model, version);
        return new Target(model, version, schema, reference);
    }

    /** Starts the batch of a version whose schema and reference were just read. */
    public Fold begin(Target target, Instant now) {
        return new Fold(target.model(), target.version(), target.schema(), target.reference(), now);
    }

    /** What a fold of one version needs from the database. */
    public record Target(String model, int version, SampleSchema schema, long reference) {
    }

    /** Counts rows rejected before they reached a batch (unknown version, undecodable pair...). */
    public void rejected(String model, int version, RejectReason reason, long rows) {
        metrics.rejected(model, version, Map.of(reason, rows));
    }

    /** One version's rows of one poll: good records are added, bad ones answered with their reason. */
    public final class Fold {
        private final String model;
        private final int version;
        private final SampleSchema schema;
        private final long reference;
        private final Instant now;
        private final SampleReader.ParsedBatch batch = new SampleReader.ParsedBatch();
        private final MessageDigest digest;
        private final EnumMap<RejectReason, Long> late = new EnumMap<>(RejectReason.class);
        /** One reader for all the records of the fold (its parser and buffers are reused). */
        private final SampleReader reader;

        private Fold(String model, int version, SampleSchema schema, long reference, Instant now) {
            this.model = model;
            this.version = version;
            this.schema = schema;
            this.reference = reference;
            this.now = now;
            this.reader = new SampleReader(schema, windowing, maxRecordBytes, maxLineBytes);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Reads one record's NDJSON sample lines. Its rows are kept when every line is valid (late lines are dropped
         * and counted, as with {@code ?partial=true}); otherwise nothing of it is kept and the first error answers.
         */
        public RowError add(byte[] ndjson) {
            RowError error = reader.readRecord(ndjson, now, batch, late);
            if (error == null) {
                digest.update(ndjson);
            }
            return error;
        }

        public int rows() {
            return batch.accepted();
        }

        /** The version's schema (protocol decoders read request/response pairs through it). */
        public SampleSchema schema() {
            return schema;
        }

        public String model() {
            return model;
        }

        public int version() {
            return version;
        }

        /**
         * Stores the rows in the caller's transaction (BatchStore's transaction joins it) under {@code key}, the
         * batch's unique name (e.g. topic, partition and first offset).
         *
         * @throws ProblemException 422 when every window of the rows closed meanwhile: the caller rolls back and
         *                          stores its offsets without these rows ({@link #countLate()})
         */
        public Stored store(String key, String actor) {
            if (batch.accepted() == 0) {
                return new Stored(0, Map.copyOf(late));
            }
            batch.sha256(HexFormat.of().formatHex(digest.digest()));
            IngestResult ack = store.store(model, version, key, batch, true, reference, actor, now);
            EnumMap<RejectReason, Long> rejected = new EnumMap<>(late);
            batch.rejectedBy.forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
            return new Stored(ack.accepted(), rejected);
        }

        /** After a 422 from {@link #store}: every row of the fold was late. */
        public Stored countLate() {
            EnumMap<RejectReason, Long> rejected = new EnumMap<>(late);
            rejected.merge(RejectReason.LATE, (long) batch.accepted(), Long::sum);
            return new Stored(0, rejected);
        }

        /** Counts what was stored, once its transaction committed. */
        public void committed(Stored stored) {
            metrics.accepted(model, version, stored.accepted());
            metrics.rejected(model, version, stored.rejected());
        }
    }

    /** What a fold stored: rows accepted, and rows rejected by reason (late ones). */
    public record Stored(long accepted, Map<RejectReason, Long> rejected) {
    }
}
