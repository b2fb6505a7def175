package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.ReferenceProfile;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.registry.audit.AuditLog;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Reference profiles: built from an uploaded file, stored as a new row (windows opened with an older reference keep
 * comparing with it until they close), and summarised for {@code GET}.
 */
@Singleton
public class ReferenceProfiles {
    private final SchemaSource schemas;
    private final Jdbc jdbc;
    private final AuditLog audit;
    private final JsonMapper json;

    public ReferenceProfiles(SchemaSource schemas, Jdbc jdbc, AuditLog audit,
                             JsonMapper json) {
        this.schemas = schemas;
        this.jdbc = jdbc;
        this.audit = audit;
        this.json = json;
    }

    /** Builds the profile from a streamed file ({@code csv} or {@code ndjson}) and stores it. */
    public ReferenceProfile upload(String model, int version, String format, InputStream body, long maxBytes,
                                   String actor) {
        SampleSchema schema = schemas.schemaOf(model, version);
        ReferenceBuilder builder = new ReferenceBuilder(schema);
        try {
            if (format.equals("csv")) {
                builder.readCsv(new LimitedInputStream(body, maxBytes));
            } else {
                builder.readNdjson(body, maxBytes);
            }
        } catch (IOException e) {
            throw Bodies.readFailed(e);
        }
        DatasetProfile profile = builder.build();
        Instant now = Instant.now();
        ReferenceProfile summary = summarize(0, model, version, schema.ref(), builder.rows(), format, now, actor,
                profile);
        return jdbc.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reference_profile (model, version, "
                    + "schema_ref, rows_total, source, summary, profile, created_at, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setString(3, schema.ref());
                ps.setLong(4, builder.rows());
                ps.setString(5, format);
                ps.setString(6, write(summary.features()));
                ps.setBytes(7, profile.toBytes());
                ps.setTimestamp(8, Jdbc.ts(now));
                ps.setString(9, actor);
                ps.executeUpdate();
                long id = Jdbc.generatedId(ps);
                ReferenceProfile stored = withId(summary, id);
                audit.record(actor, "profile.upload", "models/" + model + "/versions/" + version + "/profile", null,
                        new AuditSummary(id, schema.ref(), builder.rows(), format));
                return stored;
            }
        });
    }

    /** The current (newest) reference profile of a version. */
    public ReferenceProfile current(String model, int version) {
        schemas.schemaOf(model, version); // 404 for an unknown model or version
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, schema_ref, rows_total, "
                    + "source, summary, created_at, created_by FROM reference_profile WHERE model = ? AND version = ? "
                    + "ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("model " + model + " version " + version
                                + " has no reference profile; upload one: mlctl profiles upload " + model + " "
                                + version + " FILE");
                    }
                    return new ReferenceProfile(rs.getLong(1), model, version, rs.getString(2), rs.getLong(3),
                            rs.getString(4), Jdbc.instant(rs.getTimestamp(6)), rs.getString(7),
                            readFeatures(rs.getString(5)));
                }
            }
        });
    }

    @io.micronaut.serde.annotation.Serdeable
    record AuditSummary(long id, String schema, long rows, String source) {
    }

    static ReferenceProfile summarize(long id, String model, int version, String schemaRef, long rows, String source,
                                      Instant at, String actor, DatasetProfile profile) {
        List<ReferenceProfile.Feature> features = new ArrayList<>();
        profile.features().forEach((name, p) -> features.add(feature(name, p)));
        return new ReferenceProfile(id, model, version, schemaRef, rows, source,
                at.truncatedTo(java.time.temporal.ChronoUnit.MICROS), actor, features);
    }

    private static ReferenceProfile.Feature feature(String name, FeatureProfile p) {
        Double nullRate = Double.isNaN(p.nullRate()) ? null : p.nullRate();
        String mode = p.mode().name().toLowerCase(Locale.ROOT);
        if (p instanceof NumericProfile n) {
            List<Double> edges = new ArrayList<>();
            for (double e : n.edges()) {
                edges.add(e);
            }
            return new ReferenceProfile.Feature(name, "numeric", mode, n.count(), nullRate, finite(n.min()),
                    finite(n.max()), edges, null);
        }
        CategoricalProfile c = (CategoricalProfile) p;
        Map<String, Long> top = new LinkedHashMap<>();
        c.counts().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(20).forEach(e -> top.put(e.getKey(), e.getValue()));
        return new ReferenceProfile.Feature(name, "categorical", mode, c.count(), nullRate, null, null, null, top);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static ReferenceProfile withId(ReferenceProfile r, long id) {
        return new ReferenceProfile(id, r.model(), r.version(), r.schema(), r.rows(), r.source(), r.createdAt(),
                r.createdBy(), r.features());
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ReferenceProfile.Feature> readFeatures(String text) {
        try {
            return List.of(json.readValue(text, ReferenceProfile.Feature[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
