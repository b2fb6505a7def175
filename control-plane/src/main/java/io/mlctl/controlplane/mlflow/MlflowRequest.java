package io.mlctl.controlplane.mlflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one MLflow request, read as MLflow's server reads them: from the JSON body (POST, PATCH, DELETE;
 * proto3 JSON, so int64 may come as a string or a number and unknown fields are ignored), and from the query string
 * (GET, where a repeated field such as {@code order_by} is given once per value). A DELETE without a body is read from
 * its query string too.
 */
final class MlflowRequest {
    private final JsonNode body;
    private final HttpRequest<?> http;

    private MlflowRequest(@Nullable JsonNode body, HttpRequest<?> http) {
        this.body = body;
        this.http = http;
    }

    static MlflowRequest of(HttpRequest<?> http, @Nullable String body, JsonMapper json) {
        if (body == null || body.isBlank()) {
            return new MlflowRequest(null, http);
        }
        JsonNode node;
        try {
            node = json.readValue(body, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw MlflowException.invalid("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw MlflowException.invalid("the request body must be a JSON object");
        }
        return new MlflowRequest(node, http);
    }

    /** A required string field; missing or empty is MLflow's "Missing value for required parameter". */
    String required(String field) {
        String v = optional(field);
        if (v == null || v.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter '" + field + "'.");
        }
        return v;
    }

    @Nullable
    String optional(String field) {
        if (body != null) {
            JsonNode n = body.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (n.isString() || n.isNumber() || n.isBoolean()) {
                return n.coerceStringValue();
            }
            throw MlflowException.invalid("Invalid value for parameter '" + field + "': expected a string");
        }
        return http.getParameters().get(field);
    }

    /** A repeated string field (JSON array, or the query parameter given several times). */
    List<String> list(String field) {
        List<String> out = new ArrayList<>();
        if (body != null) {
            JsonNode n = body.get(field);
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isArray()) {
                throw MlflowException.invalid("Invalid value for parameter '" + field + "': expected a list");
            }
            for (JsonNode v : n.values()) {
                if (!v.isString()) {
                    throw MlflowException.invalid("Invalid value for parameter '" + field + "': expected strings");
                }
                out.add(v.getStringValue());
            }
            return out;
        }
        out.addAll(http.getParameters().getAll(field));
        return out;
    }

    /** An int64 field, or the default when absent. */
    long number(String field, long defaultValue) {
        String v = optional(field);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value " + v + " for parameter '" + field + "': expected an integer");
        }
    }

    /** {@code tags}: a list of {@code {"key", "value"}}; a later key overrides an earlier one. */
    Map<String, String> tags() {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null) {
            return out;
        }
        JsonNode n = body.get("tags");
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw MlflowException.invalid("Invalid value for parameter 'tags': expected a list of {key, value}");
        }
        for (JsonNode t : n.values()) {
            JsonNode k = t.isObject() ? t.get("key") : null;
            JsonNode v = t.isObject() ? t.get("value") : null;
            if (k == null || !k.isString()) {
                throw MlflowException.invalid("Invalid value for parameter 'tags': every tag needs a string 'key'");
            }
            out.put(k.getStringValue(), v == null || v.isNull() ? "" : v.coerceStringValue());
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
