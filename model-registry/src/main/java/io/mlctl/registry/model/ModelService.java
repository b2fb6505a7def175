package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelUpdateRequest;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.db.Constraints;
import io.mlctl.registry.db.Now;
import io.mlctl.registry.db.Sql;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Registered models: create, read, search, update, delete. Every write is audited in the same transaction. */
@Singleton
public class ModelService {
    /** The rule a model name must follow, in words, for error messages. */
    public static final String NAME_RULE = "model names are lowercase DNS labels: 1-63 of a-z, 0-9 and '-', starting "
            + "and ending with a letter or digit (" + io.mlctl.api.registry.Names.DNS_LABEL + ")";
    private final ModelRepository models;
    private final TagStore tags;
    private final AliasStore aliases;
    private final AuditLog audit;
    private final Sql sql;
    private final List<ModelDependents> dependents;
    private final List<ModelReferences> references;

    public ModelService(ModelRepository models, TagStore tags, AliasStore aliases, AuditLog audit, Sql sql,
                        List<ModelDependents> dependents, List<ModelReferences> references) {
        this.models = models;
        this.tags = tags;
        this.aliases = aliases;
        this.audit = audit;
        this.sql = sql;
        this.dependents = dependents;
        this.references = references;
    }

    @Transactional
    public RegisteredModel create(ModelCreateRequest request, String actor) {
        Map<String, String> t = TagStore.validate(request.tags());
        if (models.findByName(request.name()).isPresent()) {
            throw duplicate(request.name());
        }
        Instant now = Now.micros();
        ModelEntity saved;
        try {
            saved = models.save(new ModelEntity(null, request.name(), blankToNull(request.description()),
                    blankToNull(request.owner()), now, now, actor));
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw duplicate(request.name());
            }
            throw e;
        }
        tags.replace(TagStore.Owner.MODEL, saved.id(), t);
        RegisteredModel view = view(saved);
        audit.record(actor, "model.create", target(saved.name()), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public RegisteredModel get(String name) {
        return view(require(name));
    }

    /**
     * Models sorted by name. {@code nameContains} matches a substring of the name, {@code owner} exactly, and each
     * tag filter is {@code key} (tag present) or {@code key=value}; all filters must hold.
     */
    @Transactional(readOnly = true)
    public Page<RegisteredModel> search(@Nullable String nameContains, @Nullable String owner, List<String> tagFilters,
                                        int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (nameContains != null && !nameContains.isBlank()) {
            where.append(" AND m.name LIKE ?");
            params.add(Sql.containing(nameContains.trim().toLowerCase()));
        }
        if (owner != null && !owner.isBlank()) {
            where.append(" AND m.owner = ?");
            params.add(owner.trim());
        }
        for (String f : tagFilters) {
            if (f != null && !f.isBlank()) {
                where.append(" AND ").append(TagStore.condition(TagStore.Owner.MODEL, "m.id", f.trim(), params));
            }
        }
        long total = sql.count("SELECT COUNT(*) FROM registered_model m" + where, params);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<ModelEntity> found = sql.list("SELECT m.* FROM registered_model m" + where
                + " ORDER BY m.name LIMIT ? OFFSET ?", ModelService::entity, pageParams);
        return new Page<>(views(found), page, size, total);
    }

    @Transactional
    public RegisteredModel update(String name, ModelUpdateRequest request, String actor) {
        Map<String, String> newTags = request.tags() == null ? null : TagStore.validate(request.tags());
        ModelEntity m = models.lockByName(name).orElseThrow(() -> notFound(name));
        RegisteredModel before = view(m);
        ModelEntity updated = new ModelEntity(m.id(), m.name(),
                request.description() == null ? m.description() : blankToNull(request.description()),
                request.owner() == null ? m.owner() : blankToNull(request.owner()),
                m.createdAt(), Now.micros(), m.createdBy());
        models.update(updated);
        if (newTags != null) {
            tags.replace(TagStore.Owner.MODEL, m.id(), newTags);
        }
        RegisteredModel after = view(updated);
        audit.record(actor, "model.update", target(name), before, after);
        return after;
    }

    /**
     * Models matching every condition ({@link SearchCondition}: {@code name}, {@code tag:<key>}), sorted by the given
     * keys ({@code name}, {@code created}, {@code updated}) and then by name; {@code limit} rows from {@code offset}.
     */
    @Transactional(readOnly = true)
    public List<RegisteredModel> find(List<SearchCondition> where, List<SearchCondition.Order> order, int limit,
                                      long offset) {
        List<Object> params = new ArrayList<>();
        String condition = SearchSql.where(where, Map.of("name", "m.name"), TagStore.Owner.MODEL, "m.id", params);
        String sort = SearchSql.orderBy(order, Map.of("name", "m.name", "created", "m.created_at",
                "updated", "m.updated_at"), "m.name ASC");
        params.add(limit);
        params.add(offset);
        return views(sql.list("SELECT m.* FROM registered_model m" + condition + sort + " LIMIT ? OFFSET ?",
                ModelService::entity, params));
    }

    /**
     * Gives a model a new name; versions, aliases (with their history) and tags move with it. Refused (409) while
     * something outside the registry names the model ({@link ModelReferences}: drift data, retrain policies,
     * experiments) or uses it ({@link ModelDependents}), since those would be left behind under the old name.
     */
    @Transactional
    public RegisteredModel rename(String name, String newName, String actor) {
        if (!io.mlctl.api.registry.Names.isModelName(newName)) {
            throw ProblemException.badRequest("'" + newName + "' is not a valid model name: " + NAME_RULE);
        }
        ModelEntity m = models.lockByName(name).orElseThrow(() -> notFound(name));
        if (name.equals(newName)) {
            return view(m);
        }
        if (models.findByName(newName).isPresent()) {
            throw duplicate(newName);
        }
        List<String> holding = new ArrayList<>();
        dependents.forEach(d -> holding.addAll(d.holding(name)));
        references.forEach(r -> holding.addAll(r.referencing(name, null)));
        if (!holding.isEmpty()) {
            throw ProblemException.conflict("model '" + name + "' cannot be renamed: " + String.join(", ", holding)
                    + " refer to it by name").with("dependents", holding);
        }
        RegisteredModel before = view(m);
        ModelEntity renamed = new ModelEntity(m.id(), newName, m.description(), m.owner(), m.createdAt(),
                Now.micros(), m.createdBy());
        try {
            models.update(renamed);
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw duplicate(newName);
            }
            throw e;
        }
        RegisteredModel after = view(renamed);
        audit.record(actor, "model.rename", target(name), before, after);
        return after;
    }

    /** Sets one tag of a model, keeping the others. */
    @Transactional
    public RegisteredModel setTag(String name, String key, String value, String actor) {
        ModelEntity m = models.lockByName(name).orElseThrow(() -> notFound(name));
        RegisteredModel before = view(m);
        tags.put(TagStore.Owner.MODEL, m.id(), key, value);
        RegisteredModel after = touch(m);
        audit.record(actor, "model.tag.set", target(name) + "/tags/" + key, before, after);
        return after;
    }

    /** Removes one tag of a model; removing a tag it does not have changes nothing. */
    @Transactional
    public RegisteredModel deleteTag(String name, String key, String actor) {
        ModelEntity m = models.lockByName(name).orElseThrow(() -> notFound(name));
        RegisteredModel before = view(m);
        if (!tags.remove(TagStore.Owner.MODEL, m.id(), key)) {
            return before;
        }
        RegisteredModel after = touch(m);
        audit.record(actor, "model.tag.delete", target(name) + "/tags/" + key, before, after);
        return after;
    }

    private RegisteredModel touch(ModelEntity m) {
        ModelEntity updated = new ModelEntity(m.id(), m.name(), m.description(), m.owner(), m.createdAt(),
                Now.micros(), m.createdBy());
        models.update(updated);
        return view(updated);
    }

    /**
     * Deletes a model with its versions, aliases and alias history (the audit log keeps the record). A model whose
     * aliases still point somewhere, or that something else still uses ({@link ModelDependents}: running
     * experiments), is only deleted with {@code force}, so a live {@code production} alias or experiment cannot lose
     * its model by accident; a forced delete releases those dependents (stops the experiments) first.
     */
    @Transactional
    public RegisteredModel delete(String name, boolean force, String actor) {
        ModelEntity m = models.lockByName(name).orElseThrow(() -> notFound(name));
        RegisteredModel before = view(m);
        List<String> holding = new ArrayList<>();
        if (!before.aliases().isEmpty()) {
            holding.add("aliases " + before.aliases().keySet());
        }
        dependents.forEach(d -> holding.addAll(d.holding(name)));
        if (!holding.isEmpty() && !force) {
            throw ProblemException.conflict("model '" + name + "' still has " + String.join(" and ", holding)
                    + "; remove them first or delete with force=true").with("dependents", holding);
        }
        dependents.forEach(d -> d.release(name, actor));
        aliases.deleteAll(m.id());
        models.deleteById(m.id());
        audit.record(actor, "model.delete", target(name), before, null);
        return before;
    }

    ModelEntity require(String name) {
        return models.findByName(name).orElseThrow(() -> notFound(name));
    }

    RegisteredModel view(ModelEntity m) {
        return views(List.of(m)).get(0);
    }

    private List<RegisteredModel> views(List<ModelEntity> entities) {
        List<Long> ids = entities.stream().map(ModelEntity::id).toList();
        Map<Long, Map<String, String>> allTags = tags.get(TagStore.Owner.MODEL, ids);
        Map<Long, Map<String, Integer>> allAliases = aliases.ofModels(ids);
        Map<Long, Integer> latest = new HashMap<>();
        if (!ids.isEmpty()) {
            String marks = ids.stream().map(i -> "?").collect(Collectors.joining(","));
            sql.list("SELECT model_id, MAX(version) FROM model_version WHERE model_id IN (" + marks + ") GROUP BY model_id",
                    rs -> latest.put(rs.getLong(1), rs.getInt(2)), ids);
        }
        return entities.stream().map(m -> new RegisteredModel(m.name(), m.description(), m.owner(),
                allTags.getOrDefault(m.id(), Map.of()), latest.get(m.id()), allAliases.getOrDefault(m.id(), Map.of()),
                m.createdAt(), m.updatedAt(), m.createdBy())).toList();
    }

    static ProblemException notFound(String name) {
        return ProblemException.notFound("model '" + name + "' does not exist");
    }

    static String target(String model) {
        return "models/" + model;
    }

    private static ProblemException duplicate(String name) {
        return ProblemException.conflict("model '" + name + "' already exists");
    }

    private static ModelEntity entity(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ModelEntity(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("owner"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                rs.getString("created_by"));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
