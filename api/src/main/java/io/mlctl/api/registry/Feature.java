package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Optional;

/**
 * One feature (or the prediction) of a {@link FeatureSchema}. {@code min}/{@code max} bound numeric values
 * (inclusive); {@code values} lists the categories, and {@code allowOther} admits categories outside it.
 * {@link #check(Object)} is the sample validation the control plane applies to every incoming value.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feature(String name,
                      SchemaFeatureType type,
                      @Nullable Double min,
                      @Nullable Double max,
                      @Nullable List<String> values,
                      @Nullable Boolean allowOther,
                      @Nullable Boolean required,
                      @Nullable String description) {

    public boolean mandatory() {
        return Boolean.TRUE.equals(required);
    }

    public boolean othersAllowed() {
        return Boolean.TRUE.equals(allowOther);
    }

    /**
     * Why {@code value} (as parsed from JSON: Number, String, Boolean or null) breaks this feature, or empty when
     * it is acceptable. A missing value (null, or NaN for numeric features) is acceptable unless the feature is
     * required: missing values are counted as the null rate, not rejected.
     */
    public Optional<String> check(@Nullable Object value) {
        boolean missing = value == null || (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
        if (missing) {
            return mandatory() ? Optional.of(name + " is required") : Optional.empty();
        }
        switch (type) {
            case NUMERIC -> {
                if (!(value instanceof Number n)) {
                    return Optional.of(name + " must be a number, got " + describe(value));
                }
                double v = n.doubleValue();
                if (Double.isInfinite(v)) {
                    return Optional.of(name + " must be finite");
                }
                if (min != null && v < min) {
                    return Optional.of(name + " = " + v + " is below its minimum " + min);
                }
                if (max != null && v > max) {
                    return Optional.of(name + " = " + v + " is above its maximum " + max);
                }
            }
            case CATEGORICAL -> {
                String s = category(value);
                if (s == null) {
                    return Optional.of(name + " must be a category (string, number or boolean), got " + describe(value));
                }
                if (!othersAllowed() && (values == null || !values.contains(s))) {
                    return Optional.of(name + " = '" + s + "' is not one of " + values);
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    return Optional.of(name + " must be true or false, got " + describe(value));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The category a JSON scalar stands for: strings as they are, booleans as {@code true}/{@code false}, numbers in
     * their shortest plain form ({@code 3.0} is {@code "3"}), so codes like {@code values: [1, 2]} match numbers.
     */
    public static String category(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Number n) {
            return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
