package io.mlctl.controlplane.web;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Query parameters and headers read as booleans take {@code true} or {@code false} (any case) and nothing else:
 * Micronaut's own conversion reads every unknown word as false, so {@code ?partial=yes-please} silently turned
 * partial acceptance off. Anything else is a 400 naming the parameter (ProblemResponseProcessor).
 */
@Singleton
public final class StrictBooleanConverter implements TypeConverter<String, Boolean> {
    @Override
    public Optional<Boolean> convert(String value, Class<Boolean> targetType, ConversionContext context) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return Optional.of(Boolean.TRUE);
        }
        if (v.equals("false")) {
            return Optional.of(Boolean.FALSE);
        }
        context.reject(value, new IllegalArgumentException("expected true or false, got '"
                + Problems.prefix(value) + "'"));
        return Optional.empty();
    }
}
