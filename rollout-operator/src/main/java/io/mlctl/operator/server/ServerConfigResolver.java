package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.mlctl.rollout.api.LoggingSpec;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.ServerSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges what the rollout says ({@code spec.server}) over the version's serving defaults from the registry over the
 * runtime preset. The rollout wins so one rollout can, say, try a newer Triton image without re-registering.
 */
public final class ServerConfigResolver {
    private ServerConfigResolver() {
    }

    /** The registry's view of one version's serving defaults; any of these may be null. */
    public record RegistryServing(String artifactUri, String runtime, String image, Integer port, Integer gpuCount,
                                  String gpuProduct) {
    }

    /**
     * @throws IllegalArgumentException with a readable reason when no image or artifact can be found, or the
     *                                  runtime is unknown
     */
    public static ServerConfig resolve(String model, int version, ServerSpec spec, RegistryServing registry) {
        ServerSpec s = spec == null ? ServerSpec.EMPTY : spec;
        Runtime runtime = s.runtime() != null ? s.runtime()
                : registry.runtime() != null ? Runtime.fromWire(registry.runtime()) : Runtime.CUSTOM;
        RuntimePreset preset = RuntimePreset.of(runtime);
        String image = first(s.image(), registry.image(), preset.defaultImage());
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("version " + version + " of " + model + " has no serving image: set spec.server.image"
                    + " or the version's serving image in the registry (runtime custom has no default image)");
        }
        if (registry.artifactUri() == null || registry.artifactUri().isBlank()) {
            throw new IllegalArgumentException("version " + version + " of " + model + " has no artifact URI in the registry");
        }
        int port = first(s.port(), registry.port(), preset.defaultPort());
        LoggingSpec logging = s.loggingOrDefault();
        LoggerConfig logger = !logging.enabledOrDefault() ? null : new LoggerConfig(
                first(logging.protocol(), preset.defaultProtocol()), logging.sampleRateOrDefault(),
                logging.serverPortOrDefault(), logging.image(), logging.resources());
        // a runtime serving metrics on its HTTP port keeps doing so when the HTTP port is moved, and behind the
        // logger that port is the server's internal one: Prometheus scrapes the server directly, not through the logger
        int metricsPort = s.metricsPort() != null ? s.metricsPort()
                : preset.defaultMetricsPort() == preset.defaultPort() ? port : preset.defaultMetricsPort();
        if (logger != null && metricsPort == port) {
            metricsPort = logger.serverPort();
        }
        ServerSpec.GpuSpec gpu = s.gpu();
        int gpuCount = first(gpu == null ? null : gpu.count(), registry.gpuCount(), 0);
        String gpuProduct = first(gpu == null ? null : gpu.product(), registry.gpuProduct(), null);
        int replicas = s.replicas() == null ? 1 : s.replicas();
        Map<String, String> env = s.env() == null ? Map.of() : new HashMap<>(s.env());
        ServerConfig config = new ServerConfig(model, version, registry.artifactUri(), runtime, image, replicas, gpuCount,
                gpuProduct, port, metricsPort, s.args(), env, logger);
        checkPorts(config);
        return config;
    }

    /** Two containers of one pod share its network namespace: no port may be taken twice. */
    private static void checkPorts(ServerConfig c) {
        Map<Integer, String> taken = new HashMap<>();
        List<ContainerPort> ports = new ArrayList<>(c.preset().ports(c));
        RuntimePreset preset = c.preset();
        if (preset.defaultMetricsPort() != preset.defaultPort() && c.metricsPort() == c.serverPort()) {
            // a runtime with a metrics listener of its own (Triton, TorchServe) cannot put it on its HTTP port
            ports.add(RuntimePreset.port("metrics", c.metricsPort()));
        }
        if (c.logger() != null) {
            ports.add(RuntimePreset.port("logger " + RuntimePreset.HTTP_PORT_NAME, c.port()));
            ports.add(RuntimePreset.port("logger admin", LoggingSpec.ADMIN_PORT));
        }
        for (ContainerPort p : ports) {
            String before = taken.putIfAbsent(p.getContainerPort(), p.getName());
            if (before != null) {
                throw new IllegalArgumentException("version " + c.version() + " of " + c.model() + ": port " + p.getContainerPort()
                        + " would be both the " + before + " port and the " + p.getName() + " port; change spec.server.port,"
                        + " metricsPort or logging.serverPort (the logger takes the serving port and " + LoggingSpec.ADMIN_PORT + ")");
            }
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
