package io.mlctl.api.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;

/**
 * Plain Jackson set to read as strictly as the server does (docs/LIMITS.md, "JSON bodies"), for the processes that
 * read JSON without Micronaut: the CLI's files, the operator's and the inference logger's reads of the control
 * plane's answers. One value per document (trailing tokens fail), no scalar coercion ({@code "1"} is not a number,
 * {@code 1} not a string, {@code "yes"} not a boolean), no fraction truncated into an integer, no null for a primitive, no
 * non-finite number.
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
        m.registerModule(new SimpleModule("finite-doubles")
                .addDeserializer(Double.class, new FiniteDouble(Double.class))
                .addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE)));
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /**
     * A double that must be finite: {@code 1e400} overflows to Infinity without an error in Jackson, and would be
     * sent on as the string "Infinity".
     */
    private static final class FiniteDouble extends StdScalarDeserializer<Double> {
        private final boolean primitive;

        FiniteDouble(Class<Double> type) {
            super(type);
            this.primitive = type.isPrimitive();
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isNumeric()) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw InvalidFormatException.from(p, "expected a finite number, not " + Limits.echo(p.getText()),
                        p.getText(), Double.class);
            }
            return d;
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            if (primitive) {
                throw JsonMappingException.from(ctxt, "null where a number is required");
            }
            return null;
        }
    }
}
