package io.mlctl.controlplane.experiment.http;

import io.mlctl.controlplane.experiment.ExperimentService;
import io.mlctl.controlplane.experiment.page.ReportPage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /experiments/{id}/report}: the HTML report for browsers. A browser cannot add an Authorization header, so
 * this page also takes the viewer token as {@code ?access_token=} (RFC 6750, section 2.3; see
 * {@link ReportTokenReader}).
 */
@Controller("/experiments")
@Tag(name = "experiments")
public class ReportPageController {
    private final ExperimentService experiments;

    public ReportPageController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Get(value = "/{id}/report", produces = MediaType.TEXT_HTML)
    @Secured(Roles.VIEWER)
    @Operation(summary = "The experiment report as a self-contained HTML page")
    public HttpResponse<String> page(String id) {
        return HttpResponse.ok(ReportPage.render(experiments.report(id)))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }
}
