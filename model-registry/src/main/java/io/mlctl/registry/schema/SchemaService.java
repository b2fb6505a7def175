package io.mlctl.registry.schema;

import io.mlctl.api.schema.ParsedSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.CompatibilityReport;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaSummary;
import io.mlctl.api.registry.SchemaVersion;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.db.Constraints;
import io.mlctl.registry.db.Now;
import io.mlctl.registry.db.Sql;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feature schemas: immutable named versions. A push that changes nothing returns the newest version instead of
 * adding one; otherwise the new version is stored with its compatibility report against the previous one.
 * {@link #schema(String)} is the cached lookup the sample ingest uses.
 */
@Singleton
public class SchemaService {
    private final SchemaRepository schemas;
    private final AuditLog audit;
    private final JsonMapper json;
    /** Versions never change, so parsed documents can be kept. */
    private final Map<String, FeatureSchema> cache = new ConcurrentHashMap<>();

    public SchemaService(SchemaRepository schemas, AuditLog audit, JsonMapper json) {
        this.schemas = schemas;
        this.audit = audit;
        this.json = json;
    }

    /** The outcome of a push: the version, and whether it was created (false: identical to the newest). */
    public record Pushed(SchemaVersion version, boolean created) {
    }

    /**
     * Stores a new version of the schema named in the document. With {@code requireCompatible}, an incompatible
     * document is rejected (409, report in the {@code compatibility} member) and nothing is stored.
     */
    @Transactional
    public Pushed push(String source, SchemaFormat format, boolean requireCompatible, String actor) {
        ParsedSchema parsed = SchemaParser.parse(source, format);
        FeatureSchema schema = parsed.schema();
        var latest = schemas.findFirstByNameOrderByVersionDesc(schema.name());
        if (latest.isPresent() && document(latest.get()).equals(schema)) {
            return new Pushed(view(latest.get()), false);
        }
        int version = latest.map(s -> s.version() + 1).orElse(1);
        CompatibilityReport report = latest
                .map(s -> SchemaCompatibility.compare(document(s), s.version(), schema, version))
                .orElse(SchemaCompatibility.first(schema, version));
        if (requireCompatible && !report.compatible()) {
            throw ProblemException.conflict(schema.name() + "@" + version + " would be incompatible with "
                    + schema.name() + "@" + report.against() + ": " + summary(report)).with("compatibility", report);
        }
        SchemaEntity saved;
        try {
            saved = schemas.save(new SchemaEntity(null, schema.name(), version, write(schema), parsed.source(),
                    format.word(), report.compatible(), write(report), Now.micros(), actor));
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw ProblemException.conflict("another push of " + schema.name() + " created version " + version
                        + " at the same time; push again");
            }
            throw e;
        }
        SchemaVersion view = view(saved);
        audit.record(actor, "schema.create", "schemas/" + schema.name() + "/" + version, null,
                Map.of("ref", view.ref(), "schema", schema, "compatibility", report));
        return new Pushed(view, true);
    }

    /** {@code version} null means the newest. */
    @Transactional(readOnly = true)
    public SchemaVersion get(String name, @Nullable Integer version) {
        return view(require(new SchemaRef(name, version)));
    }

    /** The parsed schema of a reference ({@code fraud-features@3}); 404 when it does not exist. */
    public FeatureSchema schema(String ref) {
        SchemaRef r = SchemaRef.parse(ref);
        if (r.version() != null) {
            FeatureSchema cached = cache.get(r.toString());
            if (cached != null) {
                return cached;
            }
        }
        SchemaEntity e = require(r);
        FeatureSchema s = document(e);
        cache.put(e.name() + "@" + e.version(), s);
        return s;
    }

    /** Resolves {@code name} or {@code name@N} to an existing {@code name@N}; 404 when there is none. */
    @Transactional(readOnly = true)
    public SchemaRef resolve(String ref) {
        SchemaEntity e = require(SchemaRef.parse(ref));
        return new SchemaRef(e.name(), e.version());
    }

    /** Every version of one schema, newest first. */
    @Transactional(readOnly = true)
    public Page<SchemaVersion> versions(String name, int page, int size) {
        var found = schemas.findByName(name, Pageable.from(page, size, Sort.of(Sort.Order.desc("version"))));
        if (found.getTotalSize() == 0) {
            throw notFound(name);
        }
        return new Page<>(found.getContent().stream().map(this::view).toList(), page, size, found.getTotalSize());
    }

    /** Schema names (their newest version), by name; {@code nameContains} filters by substring. */
    @Transactional(readOnly = true)
    public Page<SchemaSummary> list(@Nullable String nameContains, int page, int size) {
        String pattern = nameContains == null || nameContains.isBlank() ? null
                : Sql.containing(nameContains.trim().toLowerCase());
        var items = schemas.latestOfEach(pattern, size, (long) page * size).stream()
                .map(e -> new SchemaSummary(e.name(), e.version(), e.name() + "@" + e.version(),
                        document(e).features().size(), e.compatible(), e.createdAt()))
                .toList();
        return new Page<>(items, page, size, schemas.countNames(pattern));
    }

    /** {@code name@version} compared with {@code name@against} (default: the version before it). */
    @Transactional(readOnly = true)
    public CompatibilityReport diff(String name, int version, @Nullable Integer against) {
        SchemaEntity newer = require(new SchemaRef(name, version));
        if (against == null) {
            return read(newer.compatibility(), CompatibilityReport.class);
        }
        SchemaEntity older = require(new SchemaRef(name, against));
        return SchemaCompatibility.compare(document(older), older.version(), document(newer), newer.version());
    }

    private SchemaEntity require(SchemaRef ref) {
        var found = ref.version() == null ? schemas.findFirstByNameOrderByVersionDesc(ref.name())
                : schemas.findByNameAndVersion(ref.name(), ref.version());
        return found.orElseThrow(() -> ref.version() == null ? notFound(ref.name())
                : ProblemException.notFound("schema " + ref + " does not exist"));
    }

    private SchemaVersion view(SchemaEntity e) {
        return new SchemaVersion(e.name(), e.version(), e.name() + "@" + e.version(), document(e), e.format(),
                e.source(), read(e.compatibility(), CompatibilityReport.class), e.createdAt(), e.createdBy());
    }

    private FeatureSchema document(SchemaEntity e) {
        return read(e.document(), FeatureSchema.class);
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("schema '" + name + "' does not exist");
    }

    private static String summary(CompatibilityReport r) {
        return String.join("; ", r.changes().stream().filter(c -> c.breaking())
                .map(c -> c.feature() + ": " + c.detail()).toList());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
