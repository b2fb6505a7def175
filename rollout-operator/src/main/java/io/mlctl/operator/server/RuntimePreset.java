package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.mlctl.rollout.api.Runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * How each model-server runtime is started, probed and scraped. The flags are the runtimes' own: Triton's
 * {@code --metrics-config=summary_latencies=true} is what makes the {@code nv_inference_request_summary_us}
 * quantiles of the latency-p99 guardrail preset exist.
 */
public enum RuntimePreset {
    TRITON(Runtime.TRITON, "nvcr.io/nvidia/tritonserver:24.08-py3", 8000, 8002) {
        @Override
        public List<String> command() {
            return List.of("tritonserver");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of("--model-repository=" + c.artifactUri(),
                    "--http-port=" + c.port(), "--grpc-port=8001", "--metrics-port=" + c.metricsPort(),
                    "--allow-metrics=true", "--allow-gpu-metrics=true",
                    "--metrics-config=summary_latencies=true", "--strict-readiness=true");
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/v2/health/ready", c.port(), 10, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return http("/v2/health/live", c.port(), 60, 5);
        }

        @Override
        List<ContainerPort> extraPorts(ServerConfig c) {
            return List.of(port("grpc", 8001));
        }
    },
    VLLM(Runtime.VLLM, "vllm/vllm-openai:v0.6.3", 8000, 8000) {
        @Override
        public List<String> command() {
            return List.of("python3", "-m", "vllm.entrypoints.openai.api_server");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            List<String> args = new ArrayList<>(List.of("--model", c.artifactUri(), "--served-model-name", c.model(),
                    "--host", "0.0.0.0", "--port", Integer.toString(c.port())));
            if (c.gpuCount() > 1) {
                args.addAll(List.of("--tensor-parallel-size", Integer.toString(c.gpuCount())));
            }
            return args;
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/health", c.port(), 30, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            // weights load before /health answers: give large models minutes before restarting them
            return http("/health", c.port(), 300, 5);
        }
    },
    TORCHSERVE(Runtime.TORCHSERVE, "pytorch/torchserve:0.12.0-gpu", 8080, 8082) {
        @Override
        public List<String> command() {
            return List.of("torchserve");
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of("--start", "--foreground", "--disable-token-auth", "--ncs",
                    "--model-store", "/home/model-server/model-store",
                    "--models", c.model() + "=" + c.artifactUri());
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return http("/ping", c.port(), 10, 3);
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return http("/ping", c.port(), 60, 5);
        }

        @Override
        List<ContainerPort> extraPorts(ServerConfig c) {
            return List.of(port("management", 8081));
        }
    },
    /** Any image: started with its own entrypoint, probed on its TCP port, told what to serve through env. */
    CUSTOM(Runtime.CUSTOM, null, 8080, 8080) {
        @Override
        public List<String> command() {
            return List.of();
        }

        @Override
        List<String> presetArgs(ServerConfig c) {
            return List.of();
        }

        @Override
        public Probe readiness(ServerConfig c) {
            return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                    .withPeriodSeconds(10).withFailureThreshold(3).build();
        }

        @Override
        public Probe liveness(ServerConfig c) {
            return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                    .withInitialDelaySeconds(30).withPeriodSeconds(20).withFailureThreshold(5).build();
        }
    };

    public static final String METRICS_PATH = "/metrics";

    private final Runtime runtime;
    private final String defaultImage;
    private final int defaultPort;
    private final int defaultMetricsPort;

    RuntimePreset(Runtime runtime, String defaultImage, int defaultPort, int defaultMetricsPort) {
        this.runtime = runtime;
        this.defaultImage = defaultImage;
        this.defaultPort = defaultPort;
        this.defaultMetricsPort = defaultMetricsPort;
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

    /** The container command; empty keeps the image's entrypoint. */
    public abstract List<String> command();

    abstract List<String> presetArgs(ServerConfig c);

    public abstract Probe readiness(ServerConfig c);

    public abstract Probe liveness(ServerConfig c);

    List<ContainerPort> extraPorts(ServerConfig c) {
        return List.of();
    }

    /** The preset's arguments followed by the rollout's own. */
    public List<String> args(ServerConfig c) {
        List<String> args = new ArrayList<>(presetArgs(c));
        args.addAll(c.extraArgs());
        return args;
    }

    public List<ContainerPort> ports(ServerConfig c) {
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(port("http", c.port()));
        if (c.metricsPort() != c.port()) {
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
