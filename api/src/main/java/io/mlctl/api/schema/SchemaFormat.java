package io.mlctl.api.schema;

import io.mlctl.api.common.ProblemException;

import java.util.Locale;

/** How a schema document is written; chosen from the request's content type. */
public enum SchemaFormat {
    YAML, JSON;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The content type a document of this format is sent as. */
    public String contentType() {
        return this == JSON ? "application/json" : "application/yaml";
    }

    /** A file named {@code *.json} is JSON; any other (.yaml, .yml...) is YAML. */
    public static SchemaFormat ofFileName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    /** {@code application/json} is JSON; {@code application/yaml}, {@code text/yaml} (and x- variants) are YAML. */
    public static SchemaFormat ofContentType(String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        if (semi >= 0) {
            ct = ct.substring(0, semi);
        }
        ct = ct.trim();
        if (ct.equals("application/json") || ct.endsWith("+json")) {
            return JSON;
        }
        if (ct.endsWith("/yaml") || ct.endsWith("/x-yaml") || ct.endsWith("+yaml")) {
            return YAML;
        }
        throw new ProblemException(415, "Unsupported Media Type", "send a schema as application/yaml or "
                + "application/json, not '" + contentType + "'");
    }
}
