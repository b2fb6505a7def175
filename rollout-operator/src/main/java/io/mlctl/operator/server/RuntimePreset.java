package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.mlctl.rollout.api.Runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How each model-server runtime is started, probed and scraped. The flags are the runtimes' own: Triton's
 * {@code --metrics-config=summary_latencies=true} is what makes the {@code nv_inference_request_summary_us}
 * quantiles of the latency-p99 guardrail preset exist.
 * <p>
 * Every preset binds the server's HTTP port ({@link ServerConfig#serverPort()}: the internal port behind the
 * inference logger, else the serving port) on all interfaces, not on localhost: the kubelet's probes come from
 * outside the pod's network namespace to the pod IP. Triton binds all interfaces by default ({@code --http-port}),
 * vLLM is told {@code --host 0.0.0.0 --port}, TorchServe gets {@code inference_address} in a config file written at
 * start, and a custom server is told the port in {@code MLCTL_SERVER_PORT} and {@code PORT}.
 */
public enum RuntimePreset {
    TRITON(Runtime.TRITON, "nvcr.io/nvidia/tritonserver:24.08-py3", 8000, 8002, "oip") {
        @Override
        public List<String> command(ServerConfig c) {
            return List.of("tritonserver");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of("--model-repository=" + c.artifactUri(),
                    "--http-port=" + c.serverPort(), "--grpc-port=8001", "--metrics-port=" + c.metricsPort(),
                    "--allow-metrics=true", "--allow-gpu-metrics=true",
                    "--metrics-config=summary_latencies=true", "--strict-readiness=true");
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/v2/health/ready", c.serverPort(), 10, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return http("/v2/health/live", c.serverPort(), 60, 5);
        }

        @Override
        List<ContainerPort> extraPorts(ServerConfig c) {
            return List.of(port("grpc", 8001));
        }
    },
    VLLM(Runtime.VLLM, "vllm/vllm-openai:v0.6.3", 8000, 8000, "openai") {
        @Override
        public List<String> command(ServerConfig c) {
            return List.of("python3", "-m", "vllm.entrypoints.openai.api_server");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            List<String> args = new ArrayList<>(List.of("--model", c.artifactUri(), "--served-model-name", c.model(),
                    "--host", "0.0.0.0", "--port", Integer.toString(c.serverPort())));
            if (c.gpuCount() > 1) {
                args.addAll(List.of("--tensor-parallel-size", Integer.toString(c.gpuCount())));
            }
            return args;
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/health", c.serverPort(), 30, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            // weights load before /health answers: give large models minutes before restarting them
            return http("/health", c.serverPort(), 300, 5);
        }
    },
    TORCHSERVE(Runtime.TORCHSERVE, "pytorch/torchserve:0.12.0-gpu", 8080, 8082, "torchserve") {
        /**
         * TorchServe takes its addresses only from a config file (its TS_* variables need one that enables them):
         * the image's own file (thread and queue tuning) with the three addresses replaced, then torchserve with the
         * arguments.
         */
        @Override
        public List<String> command(ServerConfig c) {
            String file = "/tmp/mlctl-torchserve.properties";
            String script = "{ grep -v '_address=' " + IMAGE_CONFIG + " 2>/dev/null; "
                    + "echo inference_address=http://0.0.0.0:" + c.serverPort() + "; "
                    + "echo management_address=http://0.0.0.0:" + MANAGEMENT_PORT + "; "
                    + "echo metrics_address=http://0.0.0.0:" + c.metricsPort() + "; } > " + file
                    + " && exec torchserve --ts-config " + file + " \"$@\"";
            return List.of("/bin/sh", "-c", script, "torchserve");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of("--start", "--foreground", "--disable-token-auth", "--ncs",
                    "--model-store", "/home/model-server/model-store",
                    "--models", c.model() + "=" + c.artifactUri());
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/ping", c.serverPort(), 10, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return http("/ping", c.serverPort(), 60, 5);
        }

        @Override
        List<ContainerPort> extraPorts(ServerConfig c) {
            return List.of(port("management", MANAGEMENT_PORT));
        }
    },
    /** Any image: started with its own entrypoint, probed on its TCP port, told what to serve through env. */
    CUSTOM(Runtime.CUSTOM, null, 8080, 8080, "oip") {
        @Override
        public List<String> command(ServerConfig c) {
            return List.of();
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of();
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(c.serverPort())).endTcpSocket()
                    .withPeriodSeconds(10).withFailureThreshold(3).build();
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(c.serverPort())).endTcpSocket()
                    .withInitialDelaySeconds(30).withPeriodSeconds(20).withFailureThreshold(5).build();
        }

        /** The common convention (Cloud Run, Heroku, many frameworks) besides our own variable. */
        @Override
        Map<String, String> presetEnv(ServerConfig c) {
            return Map.of("PORT", Integer.toString(c.serverPort()));
        }
    };

    public static final String METRICS_PATH = "/metrics";
    /** The variable that tells every model server the port it must listen on (custom servers rely on it). */
    public static final String SERVER_PORT_ENV = "MLCTL_SERVER_PORT";
    /** Container port names: the Service's {@code http} port is the logger's when there is one. */
    public static final String HTTP_PORT_NAME = "http";
    public static final String SERVER_PORT_NAME = "server-http";
    static final int MANAGEMENT_PORT = 8081;
    static final String IMAGE_CONFIG = "/home/model-server/config.properties";

    private final Runtime runtime;
    private final String defaultImage;
    private final int defaultPort;
    private final int defaultMetricsPort;
    private final String defaultProtocol;

    RuntimePreset(Runtime runtime, String defaultImage, int defaultPort, int defaultMetricsPort, String defaultProtocol) {
        this.runtime = runtime;
        this.defaultImage = defaultImage;
        this.defaultPort = defaultPort;
        this.defaultMetricsPort = defaultMetricsPort;
        this.defaultProtocol = defaultProtocol;
    }

    public static RuntimePreset of(Runtime runtime) {
        for (RuntimePreset p : values()) {
            if (p.runtime == runtime) {
                return p;
            }
        }
        throw new IllegalArgumentException("no preset for " + runtime);
    }

    public Runtime runtime() {
        return runtime;
    }

    /** The image used when neither the rollout nor the registry names one; null for custom (it must be given). */
    public String defaultImage() {
        return defaultImage;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public int defaultMetricsPort() {
        return defaultMetricsPort;
    }

    /** The protocol the inference logger decodes for this runtime, unless {@code spec.server.logging.protocol} says otherwise. */
    public String defaultProtocol() {
        return defaultProtocol;
    }

    /** The container command; empty keeps the image's entrypoint. */
    public abstract List<String> command(ServerConfig c);

    abstract List<String> presetArgs(ServerConfig c);

    public abstract Probe readiness(ServerConfig c);

    public abstract Probe liveness(ServerConfig c);

    List<ContainerPort> extraPorts(ServerConfig c) {
        return List.of();
    }

    Map<String, String> presetEnv(ServerConfig c) {
        return Map.of();
    }

    /** What the runtime needs in its environment (the rollout's own env comes after and wins). */
    public Map<String, String> env(ServerConfig c) {
        Map<String, String> env = new TreeMap<>(presetEnv(c));
        env.put(SERVER_PORT_ENV, Integer.toString(c.serverPort()));
        return env;
    }

    /** The preset's arguments followed by the rollout's own. */
    public List<String> args(ServerConfig c) {
        List<String> args = new ArrayList<>(presetArgs(c));
        args.addAll(c.extraArgs());
        return args;
    }

    /** The model-server container's ports; behind a logger its HTTP port is {@code server-http}. */
    public List<ContainerPort> ports(ServerConfig c) {
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(port(c.logger() == null ? HTTP_PORT_NAME : SERVER_PORT_NAME, c.serverPort()));
        if (c.metricsPort() != c.serverPort()) {
            ports.add(port("metrics", c.metricsPort()));
        }
        ports.addAll(extraPorts(c));
        return ports;
    }

    static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    static Probe http(String path, int port, int initialDelaySeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds).withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold).build();
    }
}
