package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;
import java.util.Map;

/**
 * The model server for both versions. Every field is optional: what is unset comes from the version's serving
 * defaults in the registry, then from the runtime preset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.logging) || !has(self.logging.serverPort) || !has(self.port) || self.logging.serverPort != self.port",
        message = "logging.serverPort must differ from port: the logger takes the serving port")
@ValidationRule(value = "!has(self.port) || self.port != 8099 || (has(self.logging) && has(self.logging.enabled) && !self.logging.enabled)",
        message = "port 8099 is the inference logger's admin port; choose another or disable logging")
public record ServerSpec(
        @JsonPropertyDescription("triton | vllm | torchserve | custom: presets for args, ports, probes and metrics.")
        Runtime runtime,
        String image,
        @Min(0) @Max(1000)
        Integer replicas,
        GpuSpec gpu,
        @Min(1) @Max(65535)
        @JsonPropertyDescription("HTTP inference port (default: the runtime's).")
        Integer port,
        @Min(1) @Max(65535)
        @JsonPropertyDescription("Prometheus metrics port (default: the runtime's).")
        Integer metricsPort,
        @JsonPropertyDescription("Extra container arguments, appended to the runtime preset's.")
        List<String> args,
        Map<String, String> env,
        @JsonPropertyDescription("The inference logger beside the model server (on by default).")
        LoggingSpec logging) {

    public static final ServerSpec EMPTY = new ServerSpec(null, null, null, null, null, null, null, null, null);

    /** The logging settings, defaults (enabled, every request) when none are given. */
    public LoggingSpec loggingOrDefault() {
        return logging == null ? new LoggingSpec(null, null, null, null, null, null) : logging;
    }

    /** The GPU request of a model server: {@code nvidia.com/gpu} limits, node selector and toleration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpuSpec(
            @Min(0) @Max(16)
            Integer count,
            @JsonPropertyDescription("Value of the node label nvidia.com/gpu.product, e.g. NVIDIA-A100-SXM4-40GB.")
            String product) {
    }
}
