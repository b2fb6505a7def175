package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** Units per arm: {@code required} by the primary metrics' designs, {@code observed} (exposed units) so far. */
@Serdeable
public record Samples(Map<String, Long> required, Map<String, Long> observed) {
}
