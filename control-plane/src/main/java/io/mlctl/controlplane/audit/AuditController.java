package io.mlctl.controlplane.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.mlctl.api.common.Page;
import io.mlctl.api.registry.AuditRecord;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.audit.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code GET /api/v1/audit}: the audit log, newest first. */
@Controller("/api/v1/audit")
@Secured(Roles.VIEWER)
@Tag(name = "audit")
public class AuditController {
    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @Get
    @Operation(summary = "Search the audit log",
            description = "target matches the object and everything below it (models/fraud includes its versions "
                    + "and aliases); action may end in * (alias.*)")
    public Page<AuditRecord> search(@Nullable @QueryValue String actor, @Nullable @QueryValue String action,
                                    @Nullable @QueryValue String target,
                                    @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                    @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return audit.search(actor, action, target, page, size);
    }
}
