package io.mlctl.cli.rollout;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.ServerSpec;
import picocli.CommandLine.Option;

import static io.mlctl.cli.rollout.Overrides.flagOr;

/** {@code spec.server}: the model server both versions run on (unset fields come from the registry). */
final class ModelServerOptions {
    @Option(names = "--runtime", paramLabel = "RUNTIME", description = "triton, vllm, torchserve or custom (default: the version's).")
    String runtime;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Server image (default: the version's, else the runtime's).")
    String image;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas per version (default 1).")
    Integer replicas;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per replica (nvidia.com/gpu).")
    Integer gpus;

    @Option(names = "--gpu-product", paramLabel = "PRODUCT", description = "Node label nvidia.com/gpu.product, e.g. NVIDIA-A100-SXM4-40GB.")
    String gpuProduct;

    /** The manifest's server with the flags applied; null when nothing is set. */
    ServerSpec apply(ServerSpec base) {
        ServerSpec b = base == null ? ServerSpec.EMPTY : base;
        ServerSpec.GpuSpec gpu = b.gpu();
        if (gpus != null || gpuProduct != null) {
            gpu = new ServerSpec.GpuSpec(flagOr(gpus, gpu, ServerSpec.GpuSpec::count), flagOr(gpuProduct, gpu, ServerSpec.GpuSpec::product));
        }
        ServerSpec s = new ServerSpec(runtime != null ? runtime() : b.runtime(), flagOr(image, b, ServerSpec::image),
                flagOr(replicas, b, ServerSpec::replicas), gpu, b.port(), b.metricsPort(), b.args(), b.env(), b.logging());
        return s.equals(ServerSpec.EMPTY) ? null : s;
    }

    private Runtime runtime() {
        try {
            return Runtime.fromWire(runtime);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
