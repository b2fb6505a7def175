package io.mlctl.controlplane.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.MediaType;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: every metric of the shared registry in the Prometheus text format (or OpenMetrics when the
 * scraper asks for it). No token: Prometheus scrapes it like any exporter; restrict it at the network level.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class MetricsController {
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsController(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Get("/metrics")
    @Produces({"text/plain", "application/openmetrics-text", MediaType.ALL})
    public HttpResponse<byte[]> scrape(@Nullable @Header(HttpHeaders.ACCEPT) String accept) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (writer.getContentType().startsWith("application/vnd.google.protobuf")) {
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.write(out, registry.scrape());
        return HttpResponse.ok(out.toByteArray()).contentType(writer.getContentType());
    }
}
