package io.mlctl.operator.server;

import io.mlctl.rollout.api.Runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to run one version's model server, resolved from (in order) the rollout's {@code spec.server},
 * the version's serving defaults in the registry, and the runtime preset.
 *
 * @param replicas the replicas the server runs with while it takes traffic
 * @param port     the serving port (the Service's {@code http} port): the logger's when there is one
 * @param logger   the inference logger in front of the server, or null when {@code spec.server.logging.enabled} is false
 */
public record ServerConfig(
        String model,
        int version,
        String artifactUri,
        Runtime runtime,
        String image,
        int replicas,
        int gpuCount,
        String gpuProduct,
        int port,
        int metricsPort,
        List<String> extraArgs,
        Map<String, String> env,
        LoggerConfig logger) {

    public ServerConfig {
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public String name() {
        return ServerNames.serverName(model, version);
    }

    /** Where the model server itself listens: behind the logger on its internal port, else on the serving port. */
    public int serverPort() {
        return logger == null ? port : logger.serverPort();
    }

    public RuntimePreset preset() {
        return RuntimePreset.of(runtime);
    }
}
