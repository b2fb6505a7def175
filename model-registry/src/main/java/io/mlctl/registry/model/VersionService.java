package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Gpu;
import io.mlctl.api.registry.Lineage;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.ServingDefaults;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.api.registry.VersionUpdateRequest;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.db.Now;
import io.mlctl.registry.db.Sql;
import io.mlctl.registry.schema.SchemaRef;
import io.mlctl.registry.schema.SchemaService;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model versions: numbered by the server (1, 2, 3... per model, under the model's row lock, so concurrent
 * registrations get consecutive numbers), read, searched, updated, and resolved from {@code models:/} URIs.
 */
@Singleton
public class VersionService {
    static final int MAX_METRICS = 200;

    private final ModelRepository models;
    private final VersionRepository versions;
    private final TagStore tags;
    private final AliasStore aliases;
    private final SchemaService schemas;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Sql sql;
    private final List<ModelReferences> references;

    public VersionService(ModelRepository models, VersionRepository versions, TagStore tags, AliasStore aliases,
                          SchemaService schemas, AuditLog audit, JsonMapper json, Sql sql,
                          List<ModelReferences> references) {
        this.models = models;
        this.versions = versions;
        this.tags = tags;
        this.aliases = aliases;
        this.schemas = schemas;
        this.audit = audit;
        this.json = json;
        this.sql = sql;
        this.references = references;
    }

    @Transactional
    public ModelVersion register(String model, VersionCreateRequest r, String actor) {
        Map<String, String> t = TagStore.validate(r.tags());
        Map<String, Double> metrics = validateMetrics(r.metrics());
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        SchemaRef schema = r.schema() == null || r.schema().isBlank() ? null : schemas.resolve(r.schema());
        Lineage lineage = r.lineage();
        if (lineage != null && lineage.parentVersion() != null
                && versions.findByModelIdAndVersion(m.id(), lineage.parentVersion()).isEmpty()) {
            throw ProblemException.notFound("parent version " + lineage.parentVersion() + " of model '" + model
                    + "' does not exist");
        }
        // never a number a deleted version had: drift reports, audit entries and alias history still name it
        int number = Math.max(versions.maxVersion(m.id()), lastVersion(m.id())) + 1;
        sql.update("UPDATE registered_model SET last_version = ? WHERE id = ?", number, m.id());
        ServingDefaults s = r.serving();
        Gpu gpu = s == null ? null : s.gpu();
        Instant now = Now.micros();
        VersionEntity saved = versions.save(new VersionEntity(null, m.id(), number, r.artifactUri().trim(), r.runtime(),
                s == null ? null : s.image(), s == null ? null : s.port(), gpu == null ? null : gpu.count(),
                gpu == null ? null : gpu.product(), schema == null ? null : schema.name(),
                schema == null ? null : schema.version(), write(metrics),
                lineage == null ? null : lineage.runId(), lineage == null ? null : lineage.datasetUri(),
                lineage == null ? null : lineage.gitCommit(), lineage == null ? null : lineage.parentVersion(),
                lineage == null ? null : lineage.triggeredBy(), ModelService.blankToNull(r.description()),
                r.status() == null ? VersionStatus.READY : r.status(), now, now, actor,
                lineage == null ? null : lineage.runLink()));
        tags.replace(TagStore.Owner.VERSION, saved.id(), t);
        ModelVersion view = view(model, saved);
        audit.record(actor, "version.create", target(model, number), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public ModelVersion get(String model, int version) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        return view(model, require(m, version));
    }

    /** Newest first; filters: status, runtime, tags ({@code key} or {@code key=value}, all must hold). */
    @Transactional(readOnly = true)
    public Page<ModelVersion> search(String model, @Nullable VersionStatus status, @Nullable ModelRuntime runtime,
                                     List<String> tagFilters, int page, int size) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        StringBuilder where = new StringBuilder(" WHERE v.model_id = ?");
        List<Object> params = new ArrayList<>(List.of(m.id()));
        if (status != null) {
            where.append(" AND v.status = ?");
            params.add(status.name());
        }
        if (runtime != null) {
            where.append(" AND v.runtime = ?");
            params.add(runtime.name());
        }
        for (String f : tagFilters) {
            if (f != null && !f.isBlank()) {
                where.append(" AND ").append(TagStore.condition(TagStore.Owner.VERSION, "v.id", f.trim(), params));
            }
        }
        long total = sql.count("SELECT COUNT(*) FROM model_version v" + where, params);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<Long> ids = sql.list("SELECT v.id FROM model_version v" + where + " ORDER BY v.version DESC LIMIT ? OFFSET ?",
                rs -> rs.getLong(1), pageParams);
        List<ModelVersion> items = new ArrayList<>();
        for (VersionEntity v : versions.findByIdIn(ids)) {
            items.add(view(model, v));
        }
        items.sort((a, b) -> Integer.compare(b.version(), a.version()));
        return new Page<>(items, page, size, total);
    }

    /**
     * Changes description, tags (replaced), metrics (merged) and status. A version an alias points at stays READY:
     * move or remove the alias first.
     */
    @Transactional
    public ModelVersion update(String model, int version, VersionUpdateRequest r, String actor) {
        Map<String, String> newTags = r.tags() == null ? null : TagStore.validate(r.tags());
        Map<String, Double> newMetrics = r.metrics() == null ? null : validateMetrics(r.metrics());
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        VersionEntity v = require(m, version);
        ModelVersion before = view(model, v);
        VersionStatus status = r.status() == null ? v.status() : r.status();
        if (status != VersionStatus.READY && !before.aliases().isEmpty()) {
            throw ProblemException.conflict("version " + version + " of '" + model + "' is the target of aliases "
                    + before.aliases() + "; move or remove them before setting it " + status);
        }
        Map<String, Double> metrics = new TreeMap<>(before.metrics());
        if (newMetrics != null) {
            metrics.putAll(newMetrics);
        }
        VersionEntity updated = new VersionEntity(v.id(), v.modelId(), v.version(), v.artifactUri(), v.runtime(),
                v.servingImage(), v.servingPort(), v.gpuCount(), v.gpuProduct(), v.schemaName(), v.schemaVersion(),
                write(metrics), v.runId(), v.datasetUri(), v.gitCommit(), v.parentVersion(), v.triggeredBy(),
                r.description() == null ? v.description() : ModelService.blankToNull(r.description()), status,
                v.createdAt(), Now.micros(), v.createdBy(), v.runLink());
        versions.update(updated);
        if (newTags != null) {
            tags.replace(TagStore.Owner.VERSION, v.id(), newTags);
        }
        ModelVersion after = view(model, updated);
        audit.record(actor, "version.update", target(model, version), before, after);
        return after;
    }

    /**
     * Deletes a version with its tags. Its number is never given out again. Refused (409) while an alias points at
     * it (move or remove the alias first, as for deleting a model) or while records outside the registry name it
     * ({@link ModelReferences}: reference profiles, drift data).
     */
    @Transactional
    public ModelVersion delete(String model, int version, String actor) {
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        VersionEntity v = require(m, version);
        ModelVersion before = view(model, v);
        List<String> holding = new ArrayList<>();
        if (!before.aliases().isEmpty()) {
            holding.add("aliases " + before.aliases());
        }
        references.forEach(r -> holding.addAll(r.referencing(model, version)));
        if (!holding.isEmpty()) {
            throw ProblemException.conflict("version " + version + " of '" + model + "' cannot be deleted: "
                    + String.join(", ", holding) + " refer to it").with("dependents", holding);
        }
        versions.deleteById(v.id());
        audit.record(actor, "version.delete", target(model, version), before, null);
        return before;
    }

    /** Sets one tag of a version, keeping the others. */
    @Transactional
    public ModelVersion setTag(String model, int version, String key, String value, String actor) {
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        VersionEntity v = require(m, version);
        ModelVersion before = view(model, v);
        tags.put(TagStore.Owner.VERSION, v.id(), key, value);
        ModelVersion after = view(model, touch(v));
        audit.record(actor, "version.tag.set", target(model, version) + "/tags/" + key, before, after);
        return after;
    }

    /** Removes one tag of a version; removing a tag it does not have changes nothing. */
    @Transactional
    public ModelVersion deleteTag(String model, int version, String key, String actor) {
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        VersionEntity v = require(m, version);
        ModelVersion before = view(model, v);
        if (!tags.remove(TagStore.Owner.VERSION, v.id(), key)) {
            return before;
        }
        ModelVersion after = view(model, touch(v));
        audit.record(actor, "version.tag.delete", target(model, version) + "/tags/" + key, before, after);
        return after;
    }

    /**
     * Versions of any model matching every condition ({@link SearchCondition}: {@code name} (the model's),
     * {@code version}, {@code run_id}, {@code source}, {@code tag:<key>}), sorted by the given keys ({@code name},
     * {@code version}, {@code created}, {@code updated}), then by model name and newest version first.
     */
    @Transactional(readOnly = true)
    public List<ModelVersion> find(List<SearchCondition> where, List<SearchCondition.Order> order, int limit,
                                   long offset) {
        List<Object> params = new ArrayList<>();
        String condition = SearchSql.where(where, Map.of("name", "m.name", "version", "CAST(v.version AS VARCHAR(12))",
                "run_id", "v.run_id", "source", "v.artifact_uri"), TagStore.Owner.VERSION, "v.id", params);
        String sort = SearchSql.orderBy(order, Map.of("name", "m.name", "version", "v.version",
                "created", "v.created_at", "updated", "v.updated_at"), "m.name ASC, v.version DESC");
        params.add(limit);
        params.add(offset);
        List<Object[]> rows = sql.list("SELECT v.id, m.name FROM model_version v JOIN registered_model m ON m.id = v.model_id"
                + condition + sort + " LIMIT ? OFFSET ?", rs -> new Object[]{rs.getLong(1), rs.getString(2)}, params);
        Map<Long, VersionEntity> byId = new java.util.HashMap<>();
        versions.findByIdIn(rows.stream().map(r -> (Long) r[0]).toList()).forEach(v -> byId.put(v.id(), v));
        return rows.stream().map(r -> view((String) r[1], byId.get((Long) r[0]))).toList();
    }

    /** The newest version of the model in the given status, if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<ModelVersion> newest(String model, VersionStatus status) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        return versions.findFirstByModelIdAndStatusOrderByVersionDesc(m.id(), status).map(v -> view(model, v));
    }

    private VersionEntity touch(VersionEntity v) {
        VersionEntity updated = new VersionEntity(v.id(), v.modelId(), v.version(), v.artifactUri(), v.runtime(),
                v.servingImage(), v.servingPort(), v.gpuCount(), v.gpuProduct(), v.schemaName(), v.schemaVersion(),
                v.metrics(), v.runId(), v.datasetUri(), v.gitCommit(), v.parentVersion(), v.triggeredBy(),
                v.description(), v.status(), v.createdAt(), Now.micros(), v.createdBy(), v.runLink());
        versions.update(updated);
        return updated;
    }

    private int lastVersion(long modelId) {
        return sql.one("SELECT last_version FROM registered_model WHERE id = ?", rs -> rs.getInt(1), modelId).orElse(0);
    }

    /** The version a {@code models:/} URI names: by number, by alias, or {@code latest} (newest READY). */
    @Transactional(readOnly = true)
    public ModelVersion resolve(String uri) {
        ModelUri u = ModelUri.parse(uri);
        ModelEntity m = models.findByName(u.model()).orElseThrow(() -> ModelService.notFound(u.model()));
        if (u.version() != null) {
            return view(m.name(), require(m, u.version()));
        }
        if (u.latest()) {
            return view(m.name(), versions.findFirstByModelIdAndStatusOrderByVersionDesc(m.id(), VersionStatus.READY)
                    .orElseThrow(() -> ProblemException.notFound("model '" + m.name() + "' has no READY version")));
        }
        AliasStore.Row a = aliases.get(m.id(), u.alias()).orElseThrow(() -> AliasService.notFound(m.name(), u.alias()));
        return view(m.name(), require(m, a.version()));
    }

    VersionEntity require(ModelEntity m, int version) {
        return versions.findByModelIdAndVersion(m.id(), version).orElseThrow(() ->
                ProblemException.notFound("model '" + m.name() + "' has no version " + version));
    }

    ModelVersion view(String model, VersionEntity v) {
        ServingDefaults serving = v.servingImage() == null && v.servingPort() == null && v.gpuCount() == null
                ? null : new ServingDefaults(v.servingImage(), v.servingPort(),
                v.gpuCount() == null ? null : new Gpu(v.gpuCount(), v.gpuProduct()));
        Lineage lineage = v.runId() == null && v.datasetUri() == null && v.gitCommit() == null
                && v.parentVersion() == null && v.triggeredBy() == null && v.runLink() == null
                ? null : new Lineage(v.runId(), v.datasetUri(), v.gitCommit(), v.parentVersion(), v.triggeredBy(),
                v.runLink());
        return new ModelVersion(model, v.version(), "models:/" + model + "/" + v.version(), v.artifactUri(),
                v.runtime(), serving, v.schemaName() == null ? null : v.schemaName() + "@" + v.schemaVersion(),
                readMetrics(v.metrics()), lineage, tags.get(TagStore.Owner.VERSION, v.id()), v.description(),
                v.status(), aliases.ofVersion(v.modelId(), v.version()), v.createdAt(), v.updatedAt(), v.createdBy());
    }

    static String target(String model, int version) {
        return ModelService.target(model) + "/versions/" + version;
    }

    private static Map<String, Double> validateMetrics(Map<String, Double> metrics) {
        if (metrics == null) {
            return Map.of();
        }
        List<ProblemError> errors = new ArrayList<>();
        if (metrics.size() > MAX_METRICS) {
            errors.add(ProblemError.field("metrics", "at most " + MAX_METRICS + " metrics"));
        }
        metrics.forEach((k, v) -> {
            if (!Names.isKey(k)) {
                errors.add(ProblemError.field("metrics." + k, "metric names are 1-250 of A-Z a-z 0-9 _ . - / :"));
            } else if (v == null || v.isNaN() || v.isInfinite()) {
                errors.add(ProblemError.field("metrics." + k, "metric values are finite numbers"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).field() + ": " + errors.get(0).reason(),
                    errors.toArray(ProblemError[]::new));
        }
        return new TreeMap<>(metrics);
    }

    private String write(Map<String, Double> metrics) {
        try {
            return json.writeValueAsString(metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Double> readMetrics(String text) {
        try {
            Map<String, Double> m = json.readValue(text, Argument.mapOf(String.class, Double.class));
            return m == null ? Map.of() : new TreeMap<>(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
