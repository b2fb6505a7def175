package io.mlctl.controlplane.mlflow;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.registry.model.SearchCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MLflow's search syntax for the registry, parsed into the registry's {@link SearchCondition}s: a filter is
 * comparisons joined by {@code AND} ({@code name LIKE 'fraud%' AND tags.team = 'risk'}), each
 * {@code attribute op value} with {@code =}, {@code !=}, {@code LIKE}, {@code ILIKE} or {@code IN ('a', 'b')}, string
 * values in single or double quotes, and identifiers optionally in backticks ({@code tags.`my key`}); an
 * {@code order_by} entry is {@code attribute [ASC|DESC]}. The grammar is this small (MLflow's own servers accept
 * no more for the registry), so a hand-written tokenizer is clearer than pulling in a SQL parser.
 */
final class MlflowSearch {
    /** MLflow attribute to registry field, for registered models and for model versions. */
    static final Map<String, String> MODEL_FIELDS = Map.of("name", "name");
    static final Map<String, String> VERSION_FIELDS = Map.of("name", "name", "run_id", "run_id",
            "source_path", "source", "version_number", "version");
    static final Map<String, String> MODEL_ORDER = Map.of("name", "name", "timestamp", "updated",
            "last_updated_timestamp", "updated", "creation_timestamp", "created");
    static final Map<String, String> VERSION_ORDER = Map.of("name", "name", "version_number", "version",
            "creation_timestamp", "created", "last_updated_timestamp", "updated", "timestamp", "updated");

    private final String text;
    private int pos;

    private MlflowSearch(String text) {
        this.text = text;
    }

    static List<SearchCondition> filter(@Nullable String filter, Map<String, String> fields) {
        List<SearchCondition> out = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        MlflowSearch p = new MlflowSearch(filter);
        do {
            out.add(p.comparison(fields));
        } while (p.keyword("AND"));
        p.skipSpace();
        if (p.pos < p.text.length()) {
            throw p.error("expected AND or the end of the filter");
        }
        return out;
    }

    static List<SearchCondition.Order> orderBy(List<String> orderBy, Map<String, String> keys) {
        List<SearchCondition.Order> out = new ArrayList<>();
        for (String clause : orderBy) {
            String[] parts = clause.trim().split("\\s+");
            String key = parts[0].replace("`", "");
            boolean desc = false;
            if (parts.length == 2 && parts[1].equalsIgnoreCase("DESC")) {
                desc = true;
            } else if (parts.length > 2 || parts.length == 2 && !parts[1].equalsIgnoreCase("ASC")) {
                throw MlflowException.invalid("Invalid order_by clause '" + clause + "': expected '<attribute> [ASC|DESC]'");
            }
            String field = keys.get(key);
            if (field == null) {
                throw MlflowException.invalid("Invalid order_by clause '" + clause + "': attributes are "
                        + String.join(", ", keys.keySet().stream().sorted().toList()));
            }
            out.add(new SearchCondition.Order(field, desc));
        }
        return out;
    }

    private SearchCondition comparison(Map<String, String> fields) {
        String attribute = identifier();
        String field;
        if (attribute.startsWith("tags.") || attribute.startsWith("tag.")) {
            field = "tag:" + attribute.substring(attribute.indexOf('.') + 1);
        } else {
            String a = attribute.startsWith("attribute.") ? attribute.substring("attribute.".length()) : attribute;
            field = fields.get(a);
            if (field == null) {
                throw MlflowException.invalid("Invalid attribute '" + attribute + "' in filter; searchable: "
                        + String.join(", ", fields.keySet().stream().sorted().toList()) + ", tags.<key>");
            }
        }
        SearchCondition.Op op = operator();
        if (op == SearchCondition.Op.IN) {
            return new SearchCondition(field, op, list());
        }
        return SearchCondition.of(field, op, value());
    }

    private String identifier() {
        skipSpace();
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '`') {
                int end = text.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unclosed backtick");
                }
                sb.append(text, pos + 1, end);
                pos = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                sb.append(c);
                pos++;
            } else {
                break;
            }
        }
        if (sb.isEmpty()) {
            throw error("expected an attribute");
        }
        return sb.toString();
    }

    private SearchCondition.Op operator() {
        skipSpace();
        if (text.startsWith("!=", pos) || text.startsWith("<>", pos)) {
            pos += 2;
            return SearchCondition.Op.NE;
        }
        if (text.startsWith("=", pos)) {
            pos += 1;
            return SearchCondition.Op.EQ;
        }
        if (keyword("ILIKE")) {
            return SearchCondition.Op.ILIKE;
        }
        if (keyword("LIKE")) {
            return SearchCondition.Op.LIKE;
        }
        if (keyword("IN")) {
            return SearchCondition.Op.IN;
        }
        throw error("expected one of =, !=, LIKE, ILIKE, IN");
    }

    private List<String> list() {
        skipSpace();
        if (!text.startsWith("(", pos)) {
            throw error("expected '(' after IN");
        }
        pos++;
        List<String> values = new ArrayList<>();
        do {
            values.add(value());
            skipSpace();
        } while (text.startsWith(",", pos) && ++pos > 0);
        if (!text.startsWith(")", pos)) {
            throw error("expected ')' to close the IN list");
        }
        pos++;
        return values;
    }

    /** A quoted string (a doubled quote stands for itself) or a bare number. */
    private String value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char q = text.charAt(pos);
        if (q == '\'' || q == '"') {
            StringBuilder sb = new StringBuilder();
            int i = pos + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == q) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == q) {
                        sb.append(q);
                        i += 2;
                        continue;
                    }
                    pos = i + 1;
                    return sb.toString();
                }
                if (c == '\\' && i + 1 < text.length()) {
                    sb.append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                sb.append(c);
                i++;
            }
            throw error("unclosed string");
        }
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a quoted string or a number");
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.substring(pos, end).toUpperCase(Locale.ROOT).equals(word)
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private MlflowException error(String what) {
        return MlflowException.invalid("Invalid filter '" + text + "' at position " + pos + ": " + what);
    }
}
