package io.mlctl.controlplane.experiment.http;

import io.mlctl.controlplane.experiment.ExperimentService;
import io.mlctl.controlplane.experiment.EventIngest;
import io.mlctl.controlplane.experiment.page.ReportPage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.experiment.Assignment;
import io.mlctl.api.experiment.EventBatchResult;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.StopRequest;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.net.URI;

/** {@code /api/v1/experiments}: A/B experiments, their events and reports (docs/EXPERIMENTS.md). */
@Controller("/api/v1/experiments")
@Tag(name = "experiments")
public class ExperimentController {
    static final String NDJSON = "application/x-ndjson";

    private final ExperimentService experiments;
    private final EventIngest ingest;

    public ExperimentController(ExperimentService experiments, EventIngest ingest) {
        this.experiments = experiments;
        this.ingest = ingest;
    }

    @Post
    @Secured(Roles.EDITOR)
    @Operation(summary = "Create an experiment; the answer includes the samples each arm needs")
    public HttpResponse<Experiment> create(@Body ExperimentRequest request, @Nullable Authentication authentication) {
        Experiment created = experiments.create(request, Actors.of(authentication));
        return HttpResponse.created(created, URI.create("/api/v1/experiments/" + created.id()));
    }

    @Get
    @Secured(Roles.VIEWER)
    @Operation(summary = "List experiments, newest first")
    public Page<Experiment> list(@Nullable @QueryValue String model,
                                 @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                 @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return experiments.list(model, page, size);
    }

    @Get("/{id}")
    @Secured(Roles.VIEWER)
    @Operation(summary = "An experiment with its status and samples (required and observed per arm)")
    public Experiment get(String id) {
        return experiments.get(id);
    }

    @Post("/{id}/stop")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Stop an experiment: no more events are accepted; the report stays")
    public Experiment stop(String id, @Nullable @Body StopRequest request, @Nullable Authentication authentication) {
        return experiments.stop(id, request == null ? null : request.reason(), Actors.of(authentication));
    }

    @Get("/{id}/assign")
    @Secured(Roles.VIEWER)
    @Operation(summary = "The sticky arm of a unit: MurmurHash3_x86_32(salt + unit, seed 0), see docs/EXPERIMENTS.md")
    public Assignment assign(String id, @Nullable @QueryValue String unit) {
        return experiments.assign(id, unit);
    }

    @Post(value = "/{id}/events", consumes = {NDJSON, "application/jsonl", MediaType.TEXT_PLAIN})
    @Secured(Roles.EDITOR)
    @Operation(summary = "Ingest an NDJSON batch of exposure and metric events (Idempotency-Key required)")
    public EventBatchResult events(String id, @Nullable @Header("Idempotency-Key") String idempotencyKey, @Body byte[] body) {
        return ingest.ingest(id, idempotencyKey, body);
    }

    @Get(value = "/{id}/report", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Secured(Roles.VIEWER)
    @Operation(summary = "The report: verdict, reason, samples, SRM and per-metric results (HTML with Accept: text/html)")
    public HttpResponse<?> report(String id, HttpRequest<?> request) {
        ExperimentReport report = experiments.report(id);
        if (prefersHtml(request)) {
            return HttpResponse.ok(ReportPage.render(report)).contentType(MediaType.TEXT_HTML_TYPE);
        }
        return HttpResponse.ok(report).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** HTML only when asked for before JSON (browsers list text/html first; API clients send JSON or nothing). */
    static boolean prefersHtml(HttpRequest<?> request) {
        for (MediaType t : request.accept()) {
            if (t.getName().equals(MediaType.TEXT_HTML)) {
                return true;
            }
            if (t.getName().equals(MediaType.APPLICATION_JSON) || t.getName().equals("application/problem+json")) {
                return false;
            }
        }
        return false;
    }
}
