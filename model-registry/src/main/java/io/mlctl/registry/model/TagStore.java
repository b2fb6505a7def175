package io.mlctl.registry.model;

import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Names;
import io.mlctl.registry.db.Sql;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Key/value tags of models ({@code model_tag}) and versions ({@code version_tag}); keys sorted for stable output. */
@Singleton
public class TagStore {
    static final int MAX_TAGS = 100;
    static final int MAX_VALUE = 5000;

    /** Which table: the owner column and table differ, the rest is the same. */
    enum Owner {
        MODEL("model_tag", "model_id"), VERSION("version_tag", "version_id");

        final String table;
        final String column;

        Owner(String table, String column) {
            this.table = table;
            this.column = column;
        }
    }

    private final Sql sql;

    public TagStore(Sql sql) {
        this.sql = sql;
    }

    /** Rejects bad tags with 400 before anything is written. */
    public static Map<String, String> validate(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        List<ProblemError> errors = new ArrayList<>();
        if (tags.size() > MAX_TAGS) {
            errors.add(ProblemError.field("tags", "at most " + MAX_TAGS + " tags"));
        }
        tags.forEach((k, v) -> {
            if (!Names.isKey(k)) {
                errors.add(ProblemError.field("tags." + k, "tag keys are 1-250 of A-Z a-z 0-9 _ . - / :"));
            } else if (v == null) {
                errors.add(ProblemError.field("tags." + k, "tag values must not be null"));
            } else if (v.length() > MAX_VALUE) {
                errors.add(ProblemError.field("tags." + k, "tag values are at most " + MAX_VALUE + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.stream().map(e -> e.field() + ": " + e.reason())
                    .collect(Collectors.joining("; ")), errors.toArray(ProblemError[]::new));
        }
        return new TreeMap<>(tags);
    }

    Map<String, String> get(Owner owner, long id) {
        return get(owner, List.of(id)).getOrDefault(id, Map.of());
    }

    Map<Long, Map<String, String>> get(Owner owner, Collection<Long> ids) {
        Map<Long, Map<String, String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = ids.stream().map(i -> "?").collect(Collectors.joining(","));
        sql.list("SELECT " + owner.column + ", tag_key, tag_value FROM " + owner.table + " WHERE " + owner.column
                        + " IN (" + marks + ")",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    return null;
                }, List.copyOf(ids));
        return out;
    }

    void replace(Owner owner, long id, Map<String, String> tags) {
        sql.update("DELETE FROM " + owner.table + " WHERE " + owner.column + " = ?", id);
        tags.forEach((k, v) -> sql.update("INSERT INTO " + owner.table + " (" + owner.column
                + ", tag_key, tag_value) VALUES (?, ?, ?)", id, k, v));
    }

    /** Sets one tag (replacing its value); the count limit holds as for a whole map. */
    void put(Owner owner, long id, String key, String value) {
        Map<String, String> current = new TreeMap<>(get(owner, id));
        current.put(key, value);
        validate(current);
        if (sql.update("UPDATE " + owner.table + " SET tag_value = ? WHERE " + owner.column + " = ? AND tag_key = ?",
                value, id, key) == 0) {
            sql.update("INSERT INTO " + owner.table + " (" + owner.column + ", tag_key, tag_value) VALUES (?, ?, ?)",
                    id, key, value);
        }
    }

    /** Removes one tag; false if there was none. */
    boolean remove(Owner owner, long id, String key) {
        return sql.update("DELETE FROM " + owner.table + " WHERE " + owner.column + " = ? AND tag_key = ?", id, key) > 0;
    }

    /**
     * A SQL condition (and its parameters) that keeps rows whose tags match {@code filter}: {@code key} (present)
     * or {@code key=value}.
     */
    static String condition(Owner owner, String ownerIdExpression, String filter, List<Object> params) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        params.add(key);
        String valueClause = "";
        if (eq >= 0) {
            params.add(filter.substring(eq + 1));
            valueClause = " AND t.tag_value = ?";
        }
        return "EXISTS (SELECT 1 FROM " + owner.table + " t WHERE t." + owner.column + " = " + ownerIdExpression
                + " AND t.tag_key = ?" + valueClause + ")";
    }
}
