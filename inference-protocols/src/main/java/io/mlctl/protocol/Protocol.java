package io.mlctl.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The wire protocols a model server speaks, by the names the CLI, the CRD and subscriptions use. */
public enum Protocol {
    /** Open Inference Protocol v2 REST ({@code POST /v2/models/{name}[/versions/{v}]/infer}): Triton, KServe, MLServer. */
    OIP("oip"),
    /** KServe v1 ({@code POST /v1/models/{name}:predict}, {@code instances} -> {@code predictions}). */
    KSERVE_V1("kserve-v1"),
    /** OpenAI completions and chat completions as vLLM serves them, streamed (SSE) answers included. */
    OPENAI("openai"),
    /** TorchServe inference API ({@code POST /predictions/{model}[/{version}]}, JSON). */
    TORCHSERVE("torchserve");

    private final String wireName;

    Protocol(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The protocol for a wire name ({@code oip}, {@code kserve-v1}, {@code openai}, {@code torchserve}). */
    public static Protocol of(String name) {
        for (Protocol p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "' (one of "
                + Arrays.stream(values()).map(Protocol::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
