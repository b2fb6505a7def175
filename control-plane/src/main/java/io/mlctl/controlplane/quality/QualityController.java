package io.mlctl.controlplane.quality;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.mlctl.api.common.ProblemException;
import io.mlctl.controlplane.ingest.LabelsStored;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/v1/models/{name}/quality?version=V}: realized and estimated quality per window. */
@Controller("/api/v1/models/{name}")
@Secured(Roles.VIEWER)
@Tag(name = "monitoring")
public class QualityController {
    private final QualityService quality;
    private final QualityGauges gauges;

    public QualityController(QualityService quality, QualityGauges gauges) {
        this.quality = quality;
        this.gauges = gauges;
    }

    @Get("/quality")
    @Operation(summary = "Quality of a version per window of prediction time",
            description = "Newest window first: predictions, labeled, coverage, the realized metrics of the "
                    + "schema's quality task over the labelled predictions and (binary) the CBPE estimates over all "
                    + "of them. Computed from the stored predictions and labels, so late labels show at once.")
    public QualityReport status(String name, @QueryValue int version, @QueryValue(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.badRequest("limit is the number of windows, 1 to 10000");
        }
        LabelsStored reading = new LabelsStored(name, version);
        long started = gauges.readStarting(reading);
        try {
            QualityReport report = quality.report(name, version, limit);
            gauges.show(report, started);
            return report;
        } finally {
            gauges.readEnded(reading);
        }
    }

    @Get("/quality/compare")
    @Operation(summary = "Two versions' realized quality on the same labelled requests (shadow rollouts)",
            description = "Over the requests both versions logged under the same request id and that have a label: "
                    + "each version's metrics and the candidate's difference from the baseline.")
    public QualityComparison compare(String name, @QueryValue int baseline, @QueryValue int candidate) {
        if (baseline == candidate) {
            throw ProblemException.badRequest("baseline and candidate are the same version " + baseline);
        }
        return quality.compare(name, baseline, candidate);
    }
}
