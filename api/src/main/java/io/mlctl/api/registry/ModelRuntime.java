package io.mlctl.api.registry;

import io.micronaut.serde.annotation.Serdeable;

/** The serving runtime a version is built for; the operator has presets (args, ports, probes, metrics) for each. */
@Serdeable
public enum ModelRuntime {
    triton, vllm, torchserve, custom
}
