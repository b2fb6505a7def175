package io.mlctl.api.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One metric of a report: its arms (control first) and what it says, in words ({@code summary}).
 *
 * @param outcome for a primary metric WIN, LOSS, FLAT (no effect of the MDE's size) or PENDING; for a guardrail
 *                NON_INFERIOR, INCONCLUSIVE or BREACHED (the worst over the treatment arms)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricReport(String name,
                           MetricType type,
                           MetricRole role,
                           MetricDirection direction,
                           @Nullable Double margin,
                           List<ArmResult> arms,
                           String outcome,
                           String summary) {
}
