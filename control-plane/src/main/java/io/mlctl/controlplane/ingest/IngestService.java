package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.window.Windowing;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.micronaut.context.annotation.Value;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.IngestResult;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ingest of one batch: validate the key, read and check every row, then store the valid rows (all or nothing unless
 * partial acceptance was asked for) and count them. A repeated key answers the stored acknowledgement.
 */
@Singleton
public class IngestService {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final SchemaSource schemas;
    private final BatchStore store;
    private final Windowing windowing;
    private final IngestMetrics metrics;
    private final long maxBatchBytes;
    private final int maxLineBytes;
    private final Clock clock;

    public IngestService(SchemaSource schemas, BatchStore store, Windowing windowing, IngestMetrics metrics,
                         @Value("${mlctl.ingest.max-batch-bytes:16777216}") long maxBatchBytes,
                         @Value("${mlctl.ingest.max-line-bytes:1048576}") int maxLineBytes) {
        this.schemas = schemas;
        this.store = store;
        this.windowing = windowing;
        this.metrics = metrics;
        this.maxBatchBytes = maxBatchBytes;
        this.maxLineBytes = maxLineBytes;
        this.clock = Clock.systemUTC();
    }

    public IngestResult ingest(String model, int version, String key, boolean partial, InputStream body, String actor) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("the Idempotency-Key header is required: one unique key per batch, "
                    + "reused when the same batch is sent again");
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("the Idempotency-Key must be 1 to 200 printable ASCII characters");
        }
        SampleSchema schema = schemas.schemaOf(model, version);
        Optional<BatchStore.Stored> earlier = store.find(model, version, key);
        if (earlier.isPresent()) {
            return duplicate(earlier.get(), body);
        }
        long reference = store.requireReference(model, version);
        Instant now = clock.instant();
        SampleReader.ParsedBatch batch;
        try {
            batch = new SampleReader(schema, windowing, maxBatchBytes, maxLineBytes).read(body, now);
        } catch (IOException e) {
            throw Bodies.readFailed(e);
        }
        if (batch.rejected() > 0 && (!partial || batch.accepted() == 0)) {
            metrics.rejected(model, version, batch.rejectedBy);
            throw BatchStore.rejection(batch, partial);
        }
        IngestResult ack;
        try {
            ack = store.store(model, version, key, batch, partial, reference, actor, now);
        } catch (ProblemException e) {
            metrics.rejected(model, version, batch.rejectedBy);
            throw e;
        } catch (RuntimeException e) {
            if (Jdbc.uniqueViolation(e, "ingest_batch_key")) {
                // the same key was stored concurrently (by this or another process): the first one wins
                BatchStore.Stored first = store.find(model, version, key).orElseThrow(() -> e);
                return checkSameBody(first, batch.sha256());
            }
            if (Jdbc.lockTimeout(e)) {
                throw new ProblemException(503, "Service Unavailable", "the window is being closed; retry the batch "
                        + "with the same Idempotency-Key").with("retryAfterSeconds", 1);
            }
            throw e;
        }
        metrics.accepted(model, version, ack.accepted());
        metrics.rejected(model, version, batch.rejectedBy);
        return ack;
    }

    private IngestResult duplicate(BatchStore.Stored earlier, InputStream body) {
        LineReader reader = new LineReader(maxBatchBytes, maxLineBytes);
        try {
            reader.read(body, (lineNo, buf, len, tooLong) -> { });
        } catch (IOException e) {
            throw Bodies.readFailed(e);
        }
        return checkSameBody(earlier, reader.sha256());
    }

    private static IngestResult checkSameBody(BatchStore.Stored earlier, String sha) {
        if (!earlier.sha256().equals(sha)) {
            throw ProblemException.conflict("Idempotency-Key '" + earlier.acknowledgement().idempotencyKey()
                    + "' was already used for a different batch (batch " + earlier.acknowledgement().batchId()
                    + "); use a new key for new data");
        }
        return earlier.acknowledgement().asDuplicate();
    }
}
