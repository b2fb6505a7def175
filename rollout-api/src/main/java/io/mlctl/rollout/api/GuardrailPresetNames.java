package io.mlctl.rollout.api;

import java.util.List;

/**
 * The names of the guardrail presets ({@code spec.guardrails.metrics[].preset}). The CRD schema, the validator and
 * the CLI's help take them from here; the operator's {@code guardrail.PresetQueries} maps each to its PromQL per
 * runtime. A new preset is a constant here, its place in {@link #ALL}, {@link #PATTERN}, {@link #DESCRIPTION} and
 * {@link #LIST}, and its queries there.
 */
public final class GuardrailPresetNames {
    /** p99 request latency in milliseconds. */
    public static final String LATENCY_P99 = "latency-p99";
    /** Failed requests as a fraction of all. */
    public static final String ERROR_RATE = "error-rate";
    /** p99 time to first token in milliseconds (LLM servers). */
    public static final String TTFT_P99 = "ttft-p99";
    /** GPU utilisation in percent (NVIDIA DCGM exporter). */
    public static final String GPU_UTILIZATION = "gpu-utilization";
    /** GPU memory used in GiB (NVIDIA DCGM exporter). */
    public static final String GPU_MEMORY = "gpu-memory";

    public static final List<String> ALL = List.of(LATENCY_P99, ERROR_RATE, TTFT_P99, GPU_UTILIZATION, GPU_MEMORY);

    /** The CRD's pattern for a preset (a compile-time constant, so annotations can use it). */
    public static final String PATTERN = "^(" + LATENCY_P99 + "|" + ERROR_RATE + "|" + TTFT_P99 + "|" + GPU_UTILIZATION
            + "|" + GPU_MEMORY + ")$";
    /** The CRD field's description. */
    static final String DESCRIPTION = LATENCY_P99 + " | " + ERROR_RATE + " | " + TTFT_P99 + " | " + GPU_UTILIZATION + " | "
            + GPU_MEMORY + " (for the server's runtime).";
    /** The presets as words for help texts: "latency-p99, error-rate, ...". */
    public static final String LIST = LATENCY_P99 + ", " + ERROR_RATE + ", " + TTFT_P99 + ", " + GPU_UTILIZATION + ", " + GPU_MEMORY;

    private GuardrailPresetNames() {
    }
}
