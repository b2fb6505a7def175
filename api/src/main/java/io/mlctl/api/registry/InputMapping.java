package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Where one feature is found in a model server's request (a schema's {@code inputs}). Tensor protocols (OIP) name a
 * {@code tensor} and, for a {@code [batch, k]} tensor, the column {@code index}; JSON protocols (KServe v1,
 * TorchServe, and OpenAI's measured quantities) name the {@code field} of each instance object, or the position
 * {@code index} of each instance array (with {@code field}: the element of that field's array).
 *
 * @param feature the schema feature this fills
 * @param tensor  OIP input tensor name (never together with {@code field})
 * @param index   column of a {@code [batch, k]} tensor, or position in an instance array, 0-based
 * @param field   field of an instance object
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputMapping(String feature,
                           @Nullable String tensor,
                           @Nullable Integer index,
                           @Nullable String field) {
}
