package io.mlctl.registry.model;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Names;

/**
 * A parsed {@code models:/name@alias}, {@code models:/name/N} or {@code models:/name/latest} (the newest READY
 * version), as MLflow writes them.
 */
public record ModelUri(String model, Integer version, String alias, boolean latest) {
    public static final String SCHEME = "models:/";

    public static ModelUri parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw invalid(uri);
        }
        String rest = uri.substring(SCHEME.length());
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        if (at > 0 && slash < 0) {
            String model = rest.substring(0, at);
            String alias = rest.substring(at + 1);
            if (Names.isModelName(model) && Names.isAlias(alias)) {
                return new ModelUri(model, null, alias, false);
            }
        } else if (slash > 0 && at < 0) {
            String model = rest.substring(0, slash);
            String v = rest.substring(slash + 1);
            if (Names.isModelName(model)) {
                if (Names.LATEST.equals(v)) {
                    return new ModelUri(model, null, null, true);
                }
                if (v.matches("[1-9][0-9]{0,8}")) {
                    return new ModelUri(model, Integer.parseInt(v), null, false);
                }
            }
        }
        throw invalid(uri);
    }

    private static ProblemException invalid(String uri) {
        return ProblemException.badRequest("'" + uri + "' is not a model URI; expected models:/NAME@ALIAS, "
                + "models:/NAME/VERSION or models:/NAME/latest");
    }
}
