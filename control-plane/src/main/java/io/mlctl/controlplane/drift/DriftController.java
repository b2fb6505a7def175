package io.mlctl.controlplane.drift;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.rollout.api.Durations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;
import java.time.Instant;

/** Drift reports of closed windows, and shadow comparisons of two versions' predictions. */
@Controller("/api/v1")
@Secured(Roles.VIEWER)
@Tag(name = "monitoring")
public class DriftController {
    private final DriftReports reports;
    private final PredictionCompare compare;
    private final SchemaSource schemas;

    public DriftController(DriftReports reports, PredictionCompare compare, SchemaSource schemas) {
        this.reports = reports;
        this.compare = compare;
        this.schemas = schemas;
    }

    @Get("/models/{name}/drift")
    @Operation(summary = "Drift reports of a model, newest first (without feature rows; get one by id for those)")
    public Page<DriftReport> list(String name, @Nullable @QueryValue Integer version,
                                  @QueryValue(defaultValue = "window") String granularity,
                                  @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                  @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        Granularity g;
        try {
            g = Granularity.of(granularity);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("granularity must be window, hour or day, not '" + granularity + "'");
        }
        if (version != null) {
            schemas.schemaOf(name, version);
        }
        return reports.list(name, version, g.wireName(), page, size);
    }

    @Get("/drift/reports/{id}")
    @Operation(summary = "One drift report with its feature rows")
    public DriftReport get(long id) {
        return reports.get(id);
    }

    @Get("/models/{name}/versions/{version}/drift/latest")
    @Operation(summary = "The newest window report of a version")
    public DriftReport latest(String name, int version) {
        schemas.schemaOf(name, version);
        return reports.latest(name, version).orElseThrow(() -> ProblemException.notFound("model " + name
                + " version " + version + " has no closed drift window yet"));
    }

    @Get("/models/{name}/drift/compare")
    @Operation(summary = "The candidate's recent predictions against the baseline's over the same period: PSI, KL, "
            + "KS and sample counts of both, and the agreement of the predictions of requests both logged with the "
            + "same request_id (shadow rollouts)")
    public PredictionComparison compare(String name, @QueryValue int baseline, @QueryValue int candidate,
                                        @QueryValue(defaultValue = "1h") String period) {
        Duration d;
        try {
            d = Durations.parse(period);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("period: " + e.getMessage());
        }
        return compare.compare(name, baseline, candidate, d, Instant.now());
    }
}
