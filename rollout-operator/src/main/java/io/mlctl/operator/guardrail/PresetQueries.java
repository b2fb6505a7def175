package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.Runtime;

import static io.mlctl.rollout.api.GuardrailPresetNames.ERROR_RATE;
import static io.mlctl.rollout.api.GuardrailPresetNames.GPU_MEMORY;
import static io.mlctl.rollout.api.GuardrailPresetNames.GPU_UTILIZATION;
import static io.mlctl.rollout.api.GuardrailPresetNames.LATENCY_P99;
import static io.mlctl.rollout.api.GuardrailPresetNames.TTFT_P99;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PromQL for the guardrail presets (named in {@code GuardrailPresetNames}), per runtime, using the metric names those servers and the NVIDIA DCGM exporter
 * really export. Units: latencies in milliseconds, error rate as a fraction, GPU utilisation in percent, GPU memory
 * in GiB. The candidate's pods are selected by namespace and Deployment-name prefix (the {@code pod} and
 * {@code namespace} target labels of a Kubernetes scrape; DCGM's pod attribution with honorLabels).
 */
public final class PresetQueries {
    private static final String POD = "namespace=\"{{namespace}}\", pod=~\"{{candidateServer}}-.*\"";

    private static final String TRITON_P99 =
            "max(nv_inference_request_summary_us{" + POD + ", quantile=\"0.99\"}) / 1000";
    private static final String TRITON_ERRORS =
            "sum(rate(nv_inference_request_failure{" + POD + "}[5m])) / (sum(rate(nv_inference_request_success{" + POD
                    + "}[5m])) + sum(rate(nv_inference_request_failure{" + POD + "}[5m])))";
    private static final String VLLM_P99 =
            "histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{" + POD + "}[5m]))) * 1000";
    private static final String VLLM_TTFT =
            "histogram_quantile(0.99, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{" + POD + "}[5m]))) * 1000";
    // vLLM's OpenAI server counts requests by status class; no 5xx series yet means no errors, not no data
    private static final String VLLM_ERRORS =
            "(sum(rate(http_requests_total{" + POD + ", status=\"5xx\"}[5m])) or vector(0)) / sum(rate(http_requests_total{"
                    + POD + "}[5m]))";
    private static final String TORCHSERVE_ERRORS =
            "(sum(rate(Requests5XX{" + POD + "}[5m])) or vector(0)) / sum(rate(ts_inference_requests_total{" + POD + "}[5m]))";
    private static final String GPU_UTIL = "avg(DCGM_FI_DEV_GPU_UTIL{" + POD + "})";
    private static final String GPU_MEMORY_GIB = "max(DCGM_FI_DEV_FB_USED{" + POD + "}) / 1024";

    private static final Map<String, Map<Runtime, String>> PRESETS = Map.of(
            LATENCY_P99, Map.of(Runtime.TRITON, TRITON_P99, Runtime.VLLM, VLLM_P99),
            ERROR_RATE, Map.of(Runtime.TRITON, TRITON_ERRORS, Runtime.VLLM, VLLM_ERRORS, Runtime.TORCHSERVE, TORCHSERVE_ERRORS),
            TTFT_P99, Map.of(Runtime.VLLM, VLLM_TTFT),
            GPU_UTILIZATION, Map.of(Runtime.TRITON, GPU_UTIL, Runtime.VLLM, GPU_UTIL, Runtime.TORCHSERVE, GPU_UTIL, Runtime.CUSTOM, GPU_UTIL),
            GPU_MEMORY, Map.of(Runtime.TRITON, GPU_MEMORY_GIB, Runtime.VLLM, GPU_MEMORY_GIB, Runtime.TORCHSERVE, GPU_MEMORY_GIB, Runtime.CUSTOM, GPU_MEMORY_GIB));

    private PresetQueries() {
    }

    /** The presets that have queries (every name in {@code GuardrailPresetNames.ALL}). */
    static Set<String> presets() {
        return PRESETS.keySet();
    }

    /** The query template of a preset for a runtime, if that runtime exports what the preset needs. */
    public static Optional<String> query(String preset, Runtime runtime) {
        Map<Runtime, String> byRuntime = PRESETS.get(preset);
        return byRuntime == null ? Optional.empty() : Optional.ofNullable(byRuntime.get(runtime));
    }
}
