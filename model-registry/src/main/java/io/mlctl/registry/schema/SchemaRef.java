package io.mlctl.registry.schema;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Names;

/** {@code fraud-features@3}, or {@code fraud-features} (version null: the newest). */
public record SchemaRef(String name, Integer version) {

    public static SchemaRef parse(String ref) {
        String r = ref == null ? "" : ref.trim();
        int at = r.indexOf('@');
        String name = at < 0 ? r : r.substring(0, at);
        String v = at < 0 ? null : r.substring(at + 1);
        if (!Names.isModelName(name) || (v != null && !v.matches("[1-9][0-9]{0,8}"))) {
            throw ProblemException.badRequest("'" + ref + "' is not a schema reference; expected NAME@VERSION "
                    + "such as fraud-features@3 (or NAME for the newest version)");
        }
        return new SchemaRef(name, v == null ? null : Integer.parseInt(v));
    }

    @Override
    public String toString() {
        return version == null ? name : name + "@" + version;
    }
}
