package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.api.registry.AliasChange;
import io.mlctl.registry.db.Sql;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@code model_alias} and {@code alias_history} tables (composite keys, so plain SQL). */
@Singleton
public class AliasStore {
    private final Sql sql;

    public AliasStore(Sql sql) {
        this.sql = sql;
    }

    /** One alias row. */
    public record Row(long modelId, String alias, int version, Instant updatedAt, @Nullable String updatedBy) {
    }

    Optional<Row> get(long modelId, String alias) {
        return sql.one("SELECT * FROM model_alias WHERE model_id = ? AND alias = ?", AliasStore::row, modelId, alias);
    }

    List<Row> ofModel(long modelId) {
        return sql.list("SELECT * FROM model_alias WHERE model_id = ? ORDER BY alias", AliasStore::row, modelId);
    }

    /** alias -> version for each model. */
    Map<Long, Map<String, Integer>> ofModels(Collection<Long> modelIds) {
        Map<Long, Map<String, Integer>> out = new HashMap<>();
        if (modelIds.isEmpty()) {
            return out;
        }
        String marks = modelIds.stream().map(i -> "?").collect(Collectors.joining(","));
        sql.list("SELECT * FROM model_alias WHERE model_id IN (" + marks + ")", rs -> {
            out.computeIfAbsent(rs.getLong("model_id"), k -> new TreeMap<>()).put(rs.getString("alias"), rs.getInt("version"));
            return null;
        }, List.copyOf(modelIds));
        return out;
    }

    List<String> ofVersion(long modelId, int version) {
        return sql.list("SELECT alias FROM model_alias WHERE model_id = ? AND version = ? ORDER BY alias",
                rs -> rs.getString(1), modelId, version);
    }

    void put(long modelId, String alias, int version, Instant at, String actor, boolean exists) {
        if (exists) {
            sql.update("UPDATE model_alias SET version = ?, updated_at = ?, updated_by = ? WHERE model_id = ? AND alias = ?",
                    version, at, actor, modelId, alias);
        } else {
            sql.update("INSERT INTO model_alias (model_id, alias, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)",
                    modelId, alias, version, at, actor);
        }
    }

    void delete(long modelId, String alias) {
        sql.update("DELETE FROM model_alias WHERE model_id = ? AND alias = ?", modelId, alias);
    }

    void deleteAll(long modelId) {
        sql.update("DELETE FROM model_alias WHERE model_id = ?", modelId);
    }

    void recordMove(long modelId, String alias, @Nullable Integer from, @Nullable Integer to, Instant at, String actor) {
        sql.update("INSERT INTO alias_history (model_id, alias, from_version, to_version, changed_at, actor) "
                + "VALUES (?, ?, ?, ?, ?, ?)", modelId, alias, from, to, at, actor);
    }

    /** Oldest first, so the last entry is the alias's current state. */
    List<AliasChange> history(long modelId, String model, String alias, int limit, long offset) {
        return sql.list("SELECT * FROM alias_history WHERE model_id = ? AND alias = ? ORDER BY id LIMIT ? OFFSET ?",
                rs -> new AliasChange(rs.getLong("id"), model, alias, Sql.integer(rs, "from_version"),
                        Sql.integer(rs, "to_version"), Sql.instant(rs, "changed_at"), rs.getString("actor")),
                modelId, alias, limit, offset);
    }

    long historySize(long modelId, String alias) {
        return sql.count("SELECT COUNT(*) FROM alias_history WHERE model_id = ? AND alias = ?", List.of(modelId, alias));
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("model_id"), rs.getString("alias"), rs.getInt("version"),
                Sql.instant(rs, "updated_at"), rs.getString("updated_by"));
    }
}
