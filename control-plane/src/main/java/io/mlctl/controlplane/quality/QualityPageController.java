package io.mlctl.controlplane.quality;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.mlctl.api.common.ProblemException;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /models/{name}/quality?version=V} (outside {@code /api/v1}): the quality page for browsers, which also takes
 * the viewer token as {@code ?access_token=} ({@link QualityPageTokenReader}), as the experiment report page does.
 */
@Controller("/models/{name}")
@Tag(name = "monitoring")
public class QualityPageController {
    /** Points of the ROC curve drawn: enough for a smooth line in a 300-pixel chart, bounded for any window size. */
    static final int ROC_POINTS = 300;

    private final QualityService quality;

    public QualityPageController(QualityService quality) {
        this.quality = quality;
    }

    @Get(value = "/quality", produces = MediaType.TEXT_HTML)
    @Secured(Roles.VIEWER)
    @Operation(summary = "A version's quality as a self-contained HTML page (window table, calibration chart, ROC curve)")
    public HttpResponse<String> page(String name, @QueryValue int version,
                                     @QueryValue(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ProblemException.badRequest("limit is the number of windows, 1 to 10000");
        }
        return HttpResponse.ok(QualityPage.render(quality.page(name, version, limit, ROC_POINTS)))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }
}
