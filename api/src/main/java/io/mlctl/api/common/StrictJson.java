package io.mlctl.api.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Plain Jackson set to read as strictly as the server does (docs/LIMITS.md, "JSON bodies"), for the processes that
 * read JSON without Micronaut: the CLI's files, the operator's and the inference logger's reads of the control
 * plane's answers. One value per document (trailing tokens fail), no scalar coercion ({@code "1"} is not a number,
 * {@code 1} not a string, {@code "yes"} not a boolean), no fraction truncated into an integer, no null for a primitive.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /**
     * {@code mapper}, strict, refusing unknown members too: for documents people write (a misspelt key must not be
     * dropped silently).
     */
    public static ObjectMapper documents(ObjectMapper mapper) {
        return values(mapper).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * {@code mapper}, strict about values but taking members it does not know: for the control plane's answers, to
     * which a newer server may add members that an older operator or logger can ignore.
     */
    public static ObjectMapper answers(ObjectMapper mapper) {
        return values(mapper).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static ObjectMapper values(ObjectMapper m) {
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        m.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }
}
