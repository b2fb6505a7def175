package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Model-server runtimes with presets (docs/DESIGN.md "Registry conventions": a version carries one of these). */
public enum Runtime {
    @JsonProperty("triton") TRITON("triton"),
    @JsonProperty("vllm") VLLM("vllm"),
    @JsonProperty("torchserve") TORCHSERVE("torchserve"),
    @JsonProperty("custom") CUSTOM("custom");

    private final String wire;

    Runtime(String wire) {
        this.wire = wire;
    }

    /** The name used in YAML and by the registry. */
    public String wire() {
        return wire;
    }

    public static Runtime fromWire(String value) {
        for (Runtime r : values()) {
            if (r.wire.equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown runtime '" + value + "' (expected triton, vllm, torchserve or custom)");
    }
}
