package io.mlctl.controlplane.kafka;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.kafka.Subscription;
import io.mlctl.api.kafka.SubscriptionRequest;
import io.mlctl.api.kafka.Subscriptions;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Kafka subscriptions of model versions (docs/KAFKA.md). Served whether or not this replica consumes. */
@Controller("/api/v1")
@Tag(name = "kafka")
public class SubscriptionController {
    private final SubscriptionStore store;

    public SubscriptionController(SubscriptionStore store) {
        this.store = store;
    }

    @Put("/models/{name}/versions/{version}/subscription")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Consume a Kafka topic into this version's drift windows (creates or replaces)")
    public Subscription put(String name, int version, @Body @Valid SubscriptionRequest request,
                            @Nullable Authentication authentication) {
        return store.put(name, version, request, Actors.of(authentication));
    }

    @Get("/models/{name}/versions/{version}/subscription")
    @Secured(Roles.VIEWER)
    @Operation(summary = "The version's Kafka subscription (404 when it has none)")
    public Subscription get(String name, int version) {
        return store.get(name, version);
    }

    @Delete("/models/{name}/versions/{version}/subscription")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Stop consuming for this version (204)")
    public HttpResponse<Void> delete(String name, int version, @Nullable Authentication authentication) {
        store.delete(name, version, Actors.of(authentication));
        return HttpResponse.noContent();
    }

    @Get("/subscriptions")
    @Secured(Roles.VIEWER)
    @Operation(summary = "Every model version's Kafka subscription")
    public Subscriptions list() {
        return new Subscriptions(store.all());
    }
}
