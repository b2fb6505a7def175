package io.mlctl.controlplane;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's header; the paths come from the controllers. Served at {@code /openapi.yml}. */
@OpenAPIDefinition(
        info = @Info(title = "mlctl", version = "v1",
                description = "mlctl control plane: model registry, feature schemas, drift, experiments, rollouts. "
                        + "Errors are application/problem+json (RFC 9457)."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class Api {
    private Api() {
    }
}
