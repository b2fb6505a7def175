package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One move of an alias: {@code fromVersion} null when it was created, {@code toVersion} null when it was removed. */
@Serdeable
public record AliasChange(long id, String model, String alias, @Nullable Integer fromVersion,
                          @Nullable Integer toVersion, Instant at, @Nullable String actor) {
}
