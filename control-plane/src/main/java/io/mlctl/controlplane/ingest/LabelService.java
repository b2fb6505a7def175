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
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final JsonMapper json;
    private final long maxBatchBytes;
    private final int maxLineBytes;
    private final io.micronaut.context.event.ApplicationEventPublisher<LabelsStored> events;
    private final Clock clock = Clock.systemUTC();

    public LabelService(Jdbc jdbc, SchemaSource schemas, LabelHorizon horizon,
                        LabelMetrics metrics, JsonMapper json,
                        io.micronaut.context.event.ApplicationEventPublisher<LabelsStored> events,
                        @Value("${mlctl.ingest.max-batch-bytes:16777216}") long maxBatchBytes,
                        @Value("${mlctl.ingest.max-line-bytes:1048576}") int maxLineBytes) {
        this.jdbc = jdbc;
        this.schemas = schemas;
        this.horizon = horizon;
        this.metrics = metrics;
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
        try {
            ack = jdbc.write(c -> store(c, model, version, key, batch, actor, now));
        } catch (RuntimeException e) {
            if (Jdbc.uniqueViolation(e, "label_batch_key")) {
                // the same key was stored concurrently: the first one wins
                return same(find(model, version, key).orElseThrow(() -> e), batch.sha256);
            }
            throw e;
        }
        metrics.counted(model, version, ack);
        if (ack.matched() > 0) {
            events.publishEvent(new LabelsStored(model, version));
        }
        return ack;
    }

    private LabelResult store(Connection c, String model, int version, String key, LabelReader.Parsed batch,
                              String actor, Instant now) throws SQLException {
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
        List<String> keys = new ArrayList<>(batch.labels.keySet());
        Map<String, Prediction> predicted = predictions(c, model, version, keys);
        List<LabelReader.Label> fresh = new ArrayList<>();
        List<LabelReader.Label> replacing = new ArrayList<>();
        int matched = 0;
        int replaced = 0;
        int expired = 0;
        int unmatched = 0;
        for (LabelReader.Label l : batch.labels.values()) {
            // every line counts: a repeat of a request id in the batch replaced the line before it
            int lines = batch.lineCounts.get(l.requestKey());
            Prediction p = predicted.get(l.requestKey());
            if (p == null) {
                unmatched += lines;
            } else if (horizon.expired(p.ts(), now)) {
                expired += lines;
            } else {
                matched += lines;
                replaced += lines - 1;
                if (p.labelled()) {
                    replacing.add(l);
                    replaced++;
                } else {
                    fresh.add(l);
                }
            }
        }
        // a label is stored on its prediction's row (V2_9); the condition on label_cat tells a label stored meanwhile
        // by a concurrent batch (its row is not updated), which this one then replaces
        if (postgres(c)) {
            Set<String> stored = bulkUpdate(c, " AND t.label_cat IS NULL", fresh, batchId, model, version);
            for (LabelReader.Label l : fresh) {
                if (!stored.contains(l.requestKey())) {
                    replacing.add(l);
                    replaced++;
                }
            }
            bulkUpdate(c, "", replacing, batchId, model, version);
        } else {
            int[] updated = write(c, "UPDATE prediction_pairing SET label_num = ?, label_cat = ?, label_ts = ?, "
                    + "label_batch_id = ? WHERE model = ? AND version = ? AND request_key = ? AND label_cat IS NULL",
                    fresh, batchId, model, version);
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    replacing.add(fresh.get(i));
                    replaced++;
                }
            }
            write(c, "UPDATE prediction_pairing SET label_num = ?, label_cat = ?, label_ts = ?, label_batch_id = ? "
                    + "WHERE model = ? AND version = ? AND request_key = ?", replacing, batchId, model, version);
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

    private static int[] write(Connection c, String sql, List<LabelReader.Label> labels, long batchId, String model,
                               int version) throws SQLException {
        if (labels.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (LabelReader.Label l : labels) {
                if (l.number() == null) {
                    ps.setNull(1, Types.DOUBLE);
                } else {
                    ps.setDouble(1, l.number());
                }
                ps.setString(2, l.text());
                ps.setTimestamp(3, Jdbc.ts(l.ts()));
                ps.setLong(4, batchId);
                ps.setString(5, model);
                ps.setInt(6, version);
                ps.setString(7, l.requestKey());
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static boolean postgres(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }

    /**
     * PostgreSQL: the labels as four arrays joined to their rows in ONE UPDATE per chunk, instead of a JDBC batch
     * of one UPDATE per label (which the server executes as that many statements: the driver rewrites batched
     * inserts into multi-row ones, never updates). Answers the request keys whose rows were updated.
     */
    private static Set<String> bulkUpdate(Connection c, String condition, List<LabelReader.Label> labels,
                                          long batchId, String model, int version) throws SQLException {
        Set<String> updated = new HashSet<>(labels.size() * 2);
        String sql = "UPDATE prediction_pairing t SET label_num = k.label_num, label_cat = k.label_cat, "
                + "label_ts = k.label_ts, label_batch_id = ? FROM UNNEST(?::varchar[], ?::float8[], ?::varchar[], "
                + "?::timestamptz[]) AS k(request_key, label_num, label_cat, label_ts) WHERE t.model = ? "
                + "AND t.version = ? AND t.request_key = k.request_key" + condition + " RETURNING t.request_key";
        for (int from = 0; from < labels.size(); from += CHUNK) {
            List<LabelReader.Label> part = labels.subList(from, Math.min(labels.size(), from + CHUNK));
            String[] keys = new String[part.size()];
            Double[] numbers = new Double[part.size()];
            String[] texts = new String[part.size()];
            String[] times = new String[part.size()];
            for (int i = 0; i < keys.length; i++) {
                LabelReader.Label l = part.get(i);
                keys[i] = l.requestKey();
                numbers[i] = l.number();
                texts[i] = l.text();
                times[i] = l.ts().toString(); // ISO 8601 in UTC, read exactly by the cast to timestamptz
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, batchId);
                ps.setArray(2, c.createArrayOf("varchar", keys));
                ps.setArray(3, c.createArrayOf("float8", numbers));
                ps.setArray(4, c.createArrayOf("varchar", texts));
                ps.setArray(5, c.createArrayOf("varchar", times));
                ps.setString(6, model);
                ps.setInt(7, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        updated.add(rs.getString(1));
                    }
                }
            }
        }
        return updated;
    }

    /** The prediction logged under a request id, and whether it has a label already. */
    private record Prediction(Instant ts, boolean labelled) {
    }

    /** The predictions of the keys with their labelled flag: one lookup per key in the key's index. */
    private static Map<String, Prediction> predictions(Connection c, String model, int version, List<String> keys)
            throws SQLException {
        Map<String, Prediction> out = new HashMap<>(keys.size() * 2);
        inChunks(c, keys, model, version, rs -> {
            out.put(rs.getString(1), new Prediction(rs.getTimestamp(2).toInstant(), rs.getString(3) != null));
        });
        return out;
    }

    private interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * The predictions (with their labels) of the keys, as one array parameter joined with UNNEST: both databases then
     * look each key up in the key's index. An {@code IN (?, ?, ...)} list instead made H2 scan every row of the version
     * per chunk of keys (it uses an index for IN only on an index's first column), so a batch of 20,000
     * labels against 200,000 predictions took minutes (docs/BENCHMARKS.md).
     */
    private static void inChunks(Connection c, List<String> keys, String model, int version, RowSink sink)
            throws SQLException {
        String sql = "SELECT t.request_key, t.sample_ts, t.label_cat FROM UNNEST(?) AS k(request_key) "
                + "JOIN prediction_pairing t ON t.model = ? AND t.version = ? AND t.request_key = k.request_key";
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
