package io.mlctl.controlplane.retrain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.retrain.RetrainPolicy;
import io.mlctl.api.retrain.RetrainPolicyRequest;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.api.retrain.RetrainTriggerRequest;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code /api/v1/models/{name}/retrain/...}: the retrain policy and its triggers. */
@Controller("/api/v1/models/{name}/retrain")
@Tag(name = "retrain")
public class RetrainController {
    private final RetrainService retrain;

    public RetrainController(RetrainService retrain) {
        this.retrain = retrain;
    }

    @Put("/policy")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Set the retrain policy of a model (fields left out keep their value)")
    public RetrainPolicy setPolicy(String name, @Body @Valid RetrainPolicyRequest request,
                                   @Nullable Authentication authentication) {
        return retrain.setPolicy(name, request, Actors.of(authentication));
    }

    @Get("/policy")
    @Secured(Roles.VIEWER)
    @Operation(summary = "The retrain policy of a model (the webhook secret is never shown)")
    public RetrainPolicy policy(String name) {
        return retrain.policy(name);
    }

    @Get("/triggers")
    @Secured(Roles.VIEWER)
    @Operation(summary = "Retrain triggers of a model and their delivery status, newest first")
    public Page<RetrainTrigger> triggers(String name, @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                         @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return retrain.triggers(name, page, size);
    }

    @Get("/triggers/{id}")
    @Secured(Roles.VIEWER)
    @Operation(summary = "One retrain trigger")
    public RetrainTrigger trigger(String name, long id) {
        return retrain.trigger(name, id);
    }

    @Post("/triggers")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Fire a retrain trigger by hand or after a rollback (201), or answer a recent one of the "
            + "same version and reason within the cooldown (200)")
    public HttpResponse<RetrainTrigger> fire(String name, @Body @Valid RetrainTriggerRequest request,
                                             @Nullable Authentication authentication) {
        if (request.evidence() != null && size(request.evidence(), 0) > MAX_EVIDENCE) {
            throw ProblemException.badRequest("evidence is at most " + MAX_EVIDENCE + " characters of keys and "
                    + "values, nested at most " + MAX_EVIDENCE_DEPTH + " deep (it is stored with the trigger and sent "
                    + "to its webhook)", io.mlctl.api.common.ProblemError.field("evidence", "too large"));
        }
        RetrainService.Created c = retrain.fire(name, request, Actors.of(authentication));
        return HttpResponse.status(c.isNew() ? HttpStatus.CREATED : HttpStatus.OK).body(c.trigger());
    }

    /** Largest evidence a trigger carries, counted as the characters of its keys and values (docs/LIMITS.md). */
    static final int MAX_EVIDENCE = 65_536;
    static final int MAX_EVIDENCE_DEPTH = 16;

    /** The characters of keys and values in {@code o}; past the depth bound, more than the limit. */
    private static long size(Object o, int depth) {
        if (depth > MAX_EVIDENCE_DEPTH) {
            return MAX_EVIDENCE + 1L;
        }
        long n = 0;
        if (o instanceof java.util.Map<?, ?> map) {
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                n += String.valueOf(e.getKey()).length() + size(e.getValue(), depth + 1);
            }
        } else if (o instanceof Iterable<?> list) {
            for (Object v : list) {
                n += 1 + size(v, depth + 1);
            }
        } else {
            n = String.valueOf(o).length();
        }
        return n;
    }
}
