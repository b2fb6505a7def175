package io.mlctl.controlplane.web;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.mlctl.api.common.ProblemException;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /openapi.yml}: the OpenAPI document generated from the controllers at compile time
 * (micronaut-openapi writes it to {@code META-INF/swagger/mlctl-v1.yml}).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiController {
    static final String DOCUMENT = "classpath:META-INF/swagger/mlctl-v1.yml";
    private final byte[] document;

    public OpenApiController(ResourceResolver resources) throws IOException {
        try (InputStream in = resources.getResourceAsStream(DOCUMENT).orElse(null)) {
            this.document = in == null ? null : in.readAllBytes();
        }
    }

    @Get("/openapi.yml")
    public HttpResponse<byte[]> openapi() {
        if (document == null) {
            throw ProblemException.notFound("the OpenAPI document was not generated into this build");
        }
        return HttpResponse.ok(document).contentType("application/yaml");
    }
}
