package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.quality.LabelResult;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ingest of one batch of labels: check the key, read every row, then in one transaction join each label to the
 * prediction logged under its request id (prediction_pairing), store the matched ones (replacing an earlier label of
 * the same request) and record the batch under its key, so a repeat changes nothing and answers the same counts.
 */
@Singleton
public class LabelService {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    /** Request keys per looked-up array: bounds one statement's parameter. */
    private static final int CHUNK = 10_000;

    private final Jdbc jdbc;
    private final SchemaSource schemas;
    private final LabelHorizon horizon;
    private final LabelMetrics metrics;
    private final LabelJoins labelJoins;
    private final JsonMapper json;
    private final long maxBatchBytes;
    private final int maxLineBytes;
    private final io.micronaut.context.event.ApplicationEventPublisher<LabelsStored> events;
    private final Clock clock = Clock.systemUTC();

    public LabelService(Jdbc jdbc, SchemaSource schemas, LabelHorizon horizon,
                        LabelMetrics metrics, LabelJoins labelJoins, JsonMapper json,
                        io.micronaut.context.event.ApplicationEventPublisher<LabelsStored> events,
                        @Value("${mlctl.ingest.max-batch-bytes:16777216}") long maxBatchBytes,
                        @Value("${mlctl.ingest.max-line-bytes:1048576}") int maxLineBytes) {
        this.jdbc = jdbc;
        this.schemas = schemas;
        this.horizon = horizon;
        this.metrics = metrics;
        this.labelJoins = labelJoins;
        this.json = json;
        this.events = events;
        this.maxBatchBytes = maxBatchBytes;
        this.maxLineBytes = maxLineBytes;
    }

    public LabelResult ingest(String model, int version, String key, boolean partial, InputStream body, String actor) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("the Idempotency-Key header is required: one unique key per batch, "
                    + "reused when the same batch is sent again");
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("the Idempotency-Key must be 1 to 200 printable ASCII characters");
        }
        schemas.schemaOf(model, version); // 404 for an unknown model or version
        Instant now = clock.instant();
        LabelReader.Parsed batch;
        try {
            batch = new LabelReader(maxBatchBytes, maxLineBytes).read(body, now);
        } catch (IOException e) {
            throw Bodies.readFailed(e);
        }
        Optional<Stored> earlier = find(model, version, key);
        if (earlier.isPresent()) {
            return same(earlier.get(), batch.sha256);
        }
        if (batch.rejected > 0 && (!partial || batch.valid == 0)) {
            metrics.rejected(model, version, batch.rejected);
            throw rejection(batch, partial);
        }
        LabelResult ack;
        LabelJoins.Version joins = labelJoins.of(model, version);
        // one batch of a version at a time in this process too: the labelled keys are folded in after the commit
        synchronized (joins) {
            List<long[]> stored = new ArrayList<>();
            try {
                ack = jdbc.write(c -> store(c, model, version, key, batch, actor, now, joins, stored));
            } catch (RuntimeException e) {
                if (Jdbc.uniqueViolation(e, "label_batch_key")) {
                    // the same key was stored concurrently: the first one wins
                    return same(find(model, version, key).orElseThrow(() -> e), batch.sha256);
                }
                throw e;
            }
            labelJoins.stored(joins, ack.batchId(), stored);
        }
        metrics.counted(model, version, ack);
        if (ack.matched() > 0) {
            events.publishEvent(new LabelsStored(model, version));
        }
        return ack;
    }

    private LabelResult store(Connection c, String model, int version, String key, LabelReader.Parsed batch,
                              String actor, Instant now, LabelJoins.Version joins, List<long[]> stored)
            throws SQLException {
        lockVersion(c, model, version);
        labelJoins.current(c, joins, model, version);
        long batchId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO label_batch (model, version, idempotency_key, "
                + "body_sha256, acknowledgement, created_at, created_by) VALUES (?, ?, ?, ?, '{}', ?, ?)",
                new String[]{"id"})) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, key);
            ps.setString(4, batch.sha256);
            ps.setTimestamp(5, Jdbc.ts(now));
            ps.setString(6, actor);
            ps.executeUpdate();
            batchId = Jdbc.generatedId(ps);
        }
        // each label's prediction from the version's index in memory; the rest from the database
        List<LabelReader.Label> labels = new ArrayList<>(batch.labels.values());
        long[][] hashes = new long[labels.size()][];
        Prediction[] found = new Prediction[labels.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = KeyHashTable.hash(labels.get(i).requestKey());
            double[] p = joins.prediction(hashes[i]);
            if (p != null) {
                found[i] = new Prediction(Instant.ofEpochMilli((long) p[0]), p[1], null);
            } else {
                missing.add(labels.get(i).requestKey());
            }
        }
        // in the index's order: consecutive lookups walk the same index pages while they are in the CPU's caches
        Collections.sort(missing);
        Map<String, Prediction> looked = predictions(c, model, version, missing);
        int matched = 0;
        int replaced = 0;
        int expired = 0;
        int unmatched = 0;
        LabelSegment.Writer segment = new LabelSegment.Writer();
        int parts = 0;
        for (int i = 0; i < hashes.length; i++) {
            LabelReader.Label l = labels.get(i);
            // every line counts: a repeat of a request id in the batch replaced the line before it
            int lines = l.lines();
            Prediction p = found[i] != null ? found[i] : looked.get(l.requestKey());
            if (p == null) {
                unmatched += lines;
            } else if (horizon.expired(p.ts(), now)) {
                expired += lines;
            } else {
                matched += lines;
                replaced += lines - 1;
                boolean replaces = joins.labelled(hashes[i]);
                if (replaces) {
                    replaced++;
                }
                segment.add(hashes[i], l.requestKey(), p.ts().toEpochMilli(), p.number(), p.text(), l.number(),
                        l.text(), l.ts().toEpochMilli(), replaces);
                stored.add(hashes[i]);
                if (segment.entries() == SegmentStore.MAX_ENTRIES) {
                    SegmentStore.LABELS.insert(c, batchId, parts++, model, version, segment);
                    segment = new LabelSegment.Writer();
                }
            }
        }
        if (segment.entries() > 0) {
            SegmentStore.LABELS.insert(c, batchId, parts, model, version, segment);
        }
        List<ProblemError> errors = batch.errors.isEmpty() ? null
                : batch.errors.stream().map(RowError::toProblemError).toList();
        LabelResult ack = new LabelResult(batchId, model, version, key, false, batch.valid, matched, replaced,
                unmatched, expired, batch.rejected, errors, now.truncatedTo(ChronoUnit.MILLIS));
        try (PreparedStatement ps = c.prepareStatement("UPDATE label_batch SET acknowledgement = ? WHERE id = ?")) {
            ps.setString(1, writeJson(ack));
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        return ack;
    }

    /**
     * Locks the version's registry row until the transaction ends: label batches of one version are stored one at a
     * time across replicas, so each sees every label stored before it (its replaced count) and the segments'
     * batch ids grow in the order they commit.
     */
    private static void lockVersion(Connection c, String model, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM model_version WHERE model_id = "
                + "(SELECT id FROM registered_model WHERE name = ?) AND version = ? FOR UPDATE")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("model " + model + " has no version " + version);
                }
            }
        }
    }

    /** The prediction logged under a request id: its sample time and value. */
    private record Prediction(Instant ts, Double number, String text) {
    }

    /** The predictions of the keys: one lookup per key in the key's index. */
    private static Map<String, Prediction> predictions(Connection c, String model, int version, List<String> keys)
            throws SQLException {
        Map<String, Prediction> out = new HashMap<>(keys.size() * 2);
        inChunks(c, keys, model, version, rs -> {
            double number = rs.getDouble(3);
            out.put(rs.getString(1), new Prediction(rs.getTimestamp(2).toInstant(), rs.wasNull() ? null : number,
                    rs.getString(4)));
        });
        return out;
    }

    private interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * The predictions of the keys, as one array parameter joined with UNNEST: both databases then
     * look each key up in the key's index. An {@code IN (?, ?, ...)} list instead made H2 scan every row of the version
     * per chunk of keys (it uses an index for IN only on an index's first column), so a batch of 20,000
     * labels against 200,000 predictions took minutes (docs/BENCHMARKS.md).
     */
    private static void inChunks(Connection c, List<String> keys, String model, int version, RowSink sink)
            throws SQLException {
        String sql = "SELECT t.request_key, t.sample_ts, t.prediction_num, t.prediction_cat FROM UNNEST(?) AS "
                + "k(request_key) JOIN prediction_pairing t ON t.model = ? AND t.version = ? "
                + "AND t.request_key = k.request_key";
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("VARCHAR", part.toArray()));
                ps.setString(2, model);
                ps.setInt(3, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.row(rs);
                    }
                }
            }
        }
    }

    private static ProblemException rejection(LabelReader.Parsed batch, boolean partial) {
        int total = batch.valid + batch.rejected;
        List<ProblemError> errors = batch.errors.stream().map(RowError::toProblemError).toList();
        String detail = partial ? "none of the " + total + " labels can be accepted; nothing was stored"
                : batch.rejected + " of " + total + " labels were rejected (first: line " + errors.get(0).line()
                + ": " + errors.get(0).reason() + "); nothing was stored. Fix them, or send ?partial=true to "
                + "accept the valid ones";
        return ProblemException.unprocessable(detail, errors)
                .with("accepted", 0)
                .with("rejected", batch.rejected)
                .with("valid", batch.valid);
    }

    private Optional<Stored> find(String model, int version, String key) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body_sha256, acknowledgement FROM label_batch "
                    + "WHERE model = ? AND version = ? AND idempotency_key = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setString(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(rs.getString(1), readJson(rs.getString(2))))
                            : Optional.empty();
                }
            }
        });
    }

    private static LabelResult same(Stored earlier, String sha) {
        if (!earlier.sha256().equals(sha)) {
            throw ProblemException.conflict("Idempotency-Key '" + earlier.ack().idempotencyKey()
                    + "' was already used for a different batch of labels (batch " + earlier.ack().batchId()
                    + "); use a new key for new data");
        }
        return earlier.ack().asDuplicate();
    }

    private String writeJson(LabelResult ack) {
        try {
            return json.writeValueAsString(ack);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LabelResult readJson(String text) {
        try {
            return json.readValue(text, LabelResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Stored(String sha256, LabelResult ack) {
    }
}
