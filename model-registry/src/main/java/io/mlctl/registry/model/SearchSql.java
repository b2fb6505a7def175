package io.mlctl.registry.model;

import io.mlctl.api.common.ProblemException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns {@link SearchCondition}s into a parameterised SQL condition over known columns (never user text in SQL). */
final class SearchSql {
    static final String TAG_PREFIX = "tag:";

    private SearchSql() {
    }

    /**
     * @param columns field name to SQL column expression
     * @param tags    whose tags {@code tag:<key>} conditions look at, and the expression of the owner's id
     */
    static String where(List<SearchCondition> conditions, Map<String, String> columns, TagStore.Owner tags,
                        String ownerId, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        for (SearchCondition c : conditions) {
            if (c.values().isEmpty()) {
                throw ProblemException.badRequest("condition on '" + c.field() + "' has no value");
            }
            String column;
            String tagJoin = null;
            if (c.field().startsWith(TAG_PREFIX)) {
                tagJoin = "EXISTS (SELECT 1 FROM " + tags.table + " t WHERE t." + tags.column + " = " + ownerId
                        + " AND t.tag_key = ? AND ";
                params.add(c.field().substring(TAG_PREFIX.length()));
                column = "t.tag_value";
            } else {
                column = columns.get(c.field());
                if (column == null) {
                    throw ProblemException.badRequest("cannot search by '" + c.field() + "'; fields: "
                            + String.join(", ", columns.keySet()) + ", tags.<key>");
                }
            }
            String test = switch (c.op()) {
                case EQ -> column + " = ?";
                case NE -> column + " <> ?";
                case LIKE -> column + " LIKE ?";
                case ILIKE -> "LOWER(" + column + ") LIKE LOWER(?)";
                case IN -> column + " IN (" + c.values().stream().map(v -> "?").collect(Collectors.joining(",")) + ")";
            };
            if (c.op() == SearchCondition.Op.IN) {
                params.addAll(c.values());
            } else {
                params.add(c.values().get(0));
            }
            where.append(" AND ").append(tagJoin == null ? test : tagJoin + test + ")");
        }
        return where.toString();
    }

    /** ORDER BY from known sort keys, then the tiebreak; an unknown key is a 400. */
    static String orderBy(List<SearchCondition.Order> order, Map<String, String> columns, String tiebreak) {
        StringBuilder sb = new StringBuilder(" ORDER BY ");
        for (SearchCondition.Order o : order) {
            String column = columns.get(o.field());
            if (column == null) {
                throw ProblemException.badRequest("cannot order by '" + o.field() + "'; keys: "
                        + String.join(", ", columns.keySet()));
            }
            sb.append(column).append(o.descending() ? " DESC" : " ASC").append(", ");
        }
        return sb.append(tiebreak).toString();
    }
}
