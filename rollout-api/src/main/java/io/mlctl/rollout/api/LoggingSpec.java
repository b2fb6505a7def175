package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The inference logger the operator puts in front of every model server it creates (docs/DESIGN.md "Prediction logging"):
 * it listens on the runtime's serving port, forwards every request to the model server (moved to
 * {@code serverPort}) and sends a sample of the request/response pairs to the control plane.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.serverPort) || self.serverPort != 8099",
        message = "serverPort 8099 is the inference logger's admin port")
public record LoggingSpec(
        @JsonPropertyDescription("Put the inference logger in front of the model server (default true). False: one container, no samples.")
        Boolean enabled,
        @Min(0) @Max(1)
        @JsonPropertyDescription("Share of requests logged, 0..1 (default 1). Chosen by a hash of x-request-id, so the baseline and"
                + " the mirrored candidate of a shadow log the same requests.")
        Double sampleRate,
        @Pattern("^(oip|kserve-v1|openai|torchserve)$")
        @JsonPropertyDescription("Wire protocol the logger decodes (default: the runtime's; triton oip, vllm openai, torchserve"
                + " torchserve, custom oip).")
        String protocol,
        @Min(1) @Max(65535)
        @JsonPropertyDescription("Port the model server moves to, behind the logger (default 18080). It must differ from the"
                + " serving port and from the logger's admin port 8099.")
        Integer serverPort,
        @JsonPropertyDescription("Logger image (default: the operator's, from the Helm chart).")
        String image,
        @JsonPropertyDescription("Logger container resources (default: requests cpu 50m, memory 192Mi; limit memory 256Mi).")
        ResourceRequirements resources) {

    public static final double DEFAULT_SAMPLE_RATE = 1.0;
    public static final int DEFAULT_SERVER_PORT = 18080;
    /** The logger's own /metrics and /health. */
    public static final int ADMIN_PORT = 8099;

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }

    public double sampleRateOrDefault() {
        return sampleRate == null ? DEFAULT_SAMPLE_RATE : sampleRate;
    }

    public int serverPortOrDefault() {
        return serverPort == null ? DEFAULT_SERVER_PORT : serverPort;
    }
}
