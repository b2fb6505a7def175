package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code schema@version} compared with {@code schema@against}; {@code against} is null for a first version. */
@Serdeable
public record CompatibilityReport(String schema, int version, @Nullable Integer against, boolean compatible,
                                  List<SchemaChange> changes) {
}
