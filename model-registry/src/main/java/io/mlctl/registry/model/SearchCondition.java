package io.mlctl.registry.model;

import java.util.List;

/**
 * One condition of a registry search ({@link ModelService#find}, {@link VersionService#find}), all of them ANDed:
 * {@code field op value(s)}. Fields of models: {@code name}, {@code tag:<key>}; of versions also {@code run_id},
 * {@code source} (the artifact URI) and {@code version}. {@code LIKE} patterns use SQL's {@code %} and {@code _}
 * and are case-sensitive; {@code ILIKE} ignores case.
 */
public record SearchCondition(String field, Op op, List<String> values) {

    public enum Op { EQ, NE, LIKE, ILIKE, IN }

    public static SearchCondition of(String field, Op op, String value) {
        return new SearchCondition(field, op, List.of(value));
    }

    /** A sort key: {@code name}, {@code created}, {@code updated} (and {@code version} for versions). */
    public record Order(String field, boolean descending) {
    }
}
