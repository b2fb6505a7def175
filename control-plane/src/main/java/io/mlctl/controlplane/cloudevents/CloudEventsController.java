package io.mlctl.controlplane.cloudevents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.ingest.CloudEventResult;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /api/v1/models/{name}/versions/{version}/cloudevents}: KServe's payload logger (InferenceService
 * {@code logger: {mode: all, url: ...}}) posts each inference's request and response here as two binary-mode
 * CloudEvents. It cannot send an Authorization header, so this path alone also takes an ingest token as
 * {@code ?token=} (docs/MONITORING.md explains the trade-off).
 */
@Controller("/api/v1/models/{name}/versions/{version}")
@Secured(Roles.INGEST)
@Tag(name = "monitoring")
public class CloudEventsController {
    private final CloudEventIngest ingest;

    public CloudEventsController(CloudEventIngest ingest) {
        this.ingest = ingest;
    }

    @Post(uri = "/cloudevents", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive one event of KServe's payload logger (binary mode)",
            description = "ce-type org.kubeflow.serving.inference.request or .response, ce-id shared by both; the "
                    + "body is the inference request or response. The first half waits (up to "
                    + "--cloudevent-pairing-timeout) for its partner; the second decodes the pair (Open Inference "
                    + "Protocol when the request has 'inputs', KServe v1 when it has 'instances', or ?protocol=) and "
                    + "ingests its rows like a sample batch, with the ce-id as request id. A repeated event is "
                    + "counted once.")
    public CloudEventResult receive(String name, int version,
                                    @Parameter(description = "oip, kserve-v1, openai or torchserve (default: from "
                                            + "the request body)") @Nullable @QueryValue String protocol,
                                    HttpRequest<?> request,
                                    @Nullable @Body byte[] body,
                                    @Nullable Authentication authentication) {
        InferenceEvent event = InferenceEvent.read(request.getHeaders(), body == null ? new byte[0] : body);
        return ingest.receive(name, version, protocol, event, Actors.of(authentication));
    }
}
