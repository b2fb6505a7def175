package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;
import io.mlctl.rollout.api.LoggingSpec;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.ServerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mlctl.operator.server.ServerDeploymentTest.LOGGER;
import static io.mlctl.operator.server.ServerDeploymentTest.container;
import static io.mlctl.operator.server.ServerDeploymentTest.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inference logger in front of each runtime's server: ports, arguments, environment, probes, resources. */
class LoggerSidecarTest {
    private static final RegistryServing TRITON = new RegistryServing("s3://models/fraud/8", "triton", null, null, null, null);

    private static ServerSpec spec(Runtime runtime, Integer port, LoggingSpec logging) {
        return new ServerSpec(runtime, runtime == Runtime.CUSTOM ? "ghcr.io/acme/scorer:1.4" : null, null, null, port, null, null, null, logging);
    }

    private static Container logger(Deployment d) {
        return container(d, LoggerSidecar.CONTAINER);
    }

    private static Map<String, EnvVar> env(Container c) {
        return c.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void tritonServerMovesBehindTheLoggerOnItsServingPort() {
        ServerConfig c = ServerConfigResolver.resolve("fraud", 8, null, TRITON);
        Deployment d = ServerDeployment.build(c, 1, "ml-serving", LOGGER);
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(List.of("inference-logger", "model-server"), pod.getContainers().stream().map(Container::getName).toList());
        Container logger = logger(d);
        assertEquals("ghcr.io/mlctl/inference-logger:0.1.0", logger.getImage());
        assertEquals(List.of("--upstream", "http://127.0.0.1:18080", "--listen", "8000", "--protocol", "oip", "--model", "fraud",
                "--version", "8", "--sample-rate", "1", "--admin-port", "8099"), logger.getArgs());
        assertTrue(logger.getCommand() == null || logger.getCommand().isEmpty(), "the image's entrypoint is the logger");
        assertEquals(List.of("http:8000", "logger-admin:8099"),
                logger.getPorts().stream().map(p -> p.getName() + ":" + p.getContainerPort()).toList());
        Map<String, EnvVar> env = env(logger);
        assertEquals("http://mlctl-control-plane.mlctl.svc:8080", env.get("MLCTL_SERVER").getValue());
        var token = env.get("MLCTL_TOKEN").getValueFrom().getSecretKeyRef();
        assertEquals("mlctl-logger-token", token.getName());
        assertEquals("token", token.getKey());
        assertTrue(token.getOptional(), "a missing Secret never keeps the model server from starting");
        assertNull(env.get("MLCTL_TOKEN").getValue(), "the token itself is never in the pod spec");
        assertTrue(env.get("JAVA_TOOL_OPTIONS").getValue().contains("-Xmx64m"), "heap capped");
        assertTrue(env.get("JAVA_TOOL_OPTIONS").getValue().contains("-XX:MaxDirectMemorySize=32m"), "direct buffers capped");
        assertEquals("/health", logger.getReadinessProbe().getHttpGet().getPath());
        assertEquals("logger-admin", logger.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(new Quantity("50m"), logger.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("192Mi"), logger.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("256Mi"), logger.getResources().getLimits().get("memory"));
        assertNull(logger.getResources().getLimits().get("cpu"), "no CPU limit: throttling would delay every request");
        assertTrue(logger.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals("/tmp", logger.getVolumeMounts().get(0).getMountPath());
        assertEquals(LoggerSidecar.TMP_VOLUME, pod.getVolumes().get(0).getName());

        Container server = server(d);
        assertEquals("server-http", server.getPorts().get(0).getName());
        assertEquals(18080, server.getPorts().get(0).getContainerPort());
        assertTrue(server.getArgs().contains("--http-port=18080"));
        assertEquals(18080, server.getReadinessProbe().getHttpGet().getPort().getIntVal(), "probes test the model server itself");
        assertEquals(18080, server.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("18080", env(server).get("MLCTL_SERVER_PORT").getValue());
        assertEquals("8002", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"),
                "Triton's metrics port is its own, untouched");
        assertEquals(List.of("http:8000->http", "metrics:8002->8002", "logger-admin:8099->logger-admin"),
                ServerDeploymentTest.ports(ServerService.build(c, "ml-serving")));
    }

    @Test
    void eachRuntimeLogsItsOwnProtocol() {
        RegistryServing any = new RegistryServing("s3://m/1", null, null, null, null, null);
        assertEquals("openai", ServerConfigResolver.resolve("chat", 1, spec(Runtime.VLLM, null, null), any).logger().protocol());
        assertEquals("torchserve", ServerConfigResolver.resolve("r", 1, spec(Runtime.TORCHSERVE, null, null), any).logger().protocol());
        assertEquals("oip", ServerConfigResolver.resolve("s", 1, spec(Runtime.CUSTOM, null, null), any).logger().protocol());
        ServerConfig kserve = ServerConfigResolver.resolve("s", 1,
                spec(Runtime.CUSTOM, null, new LoggingSpec(null, null, "kserve-v1", null, null, null)), any);
        assertEquals("kserve-v1", kserve.logger().protocol(), "a custom (e.g. KServe v1) server says which protocol it speaks");
        Container custom = server(ServerDeployment.build(kserve, 1, "default", LOGGER));
        assertEquals(18080, custom.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals("18080", env(custom).get("PORT").getValue(), "a custom server is told its port");
    }

    @Test
    void sampleRatePortImageAndResourcesPassThrough() {
        var resources = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("100m"))
                .addToLimits("memory", new Quantity("384Mi")).build();
        ServerConfig c = ServerConfigResolver.resolve("fraud", 8, spec(null, 9000,
                new LoggingSpec(true, 0.25, null, 9100, "registry.local/inference-logger:dev", resources)), TRITON);
        Deployment d = ServerDeployment.build(c, 1, "ml-serving", LOGGER);
        Container logger = logger(d);
        List<String> args = logger.getArgs();
        assertEquals("0.25", args.get(args.indexOf("--sample-rate") + 1));
        assertEquals("http://127.0.0.1:9100", args.get(args.indexOf("--upstream") + 1));
        assertEquals("9000", args.get(args.indexOf("--listen") + 1));
        assertEquals("registry.local/inference-logger:dev", logger.getImage());
        assertEquals(resources, logger.getResources());
        assertTrue(server(d).getArgs().contains("--http-port=9100"));
        assertEquals("0.001", LoggerSidecar.sampleRate(0.001));
        assertEquals("0", LoggerSidecar.sampleRate(0));
    }

    @Test
    void collidingPortsAreRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfigResolver.resolve("fraud", 8,
                spec(null, null, new LoggingSpec(null, null, null, 8002, null, null)), TRITON));
        assertTrue(e.getMessage().contains("port 8002 would be both the server-http port and the metrics port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfigResolver.resolve("r", 1,
                spec(Runtime.TORCHSERVE, null, new LoggingSpec(null, null, null, 8080, null, null)), TRITON));
        assertTrue(e.getMessage().contains("port 8080 would be both the server-http port and the logger http port"), e.getMessage());
        // without the logger the same ports are fine
        ServerConfig off = ServerConfigResolver.resolve("fraud", 8, spec(null, 8099, new LoggingSpec(false, null, null, null, null, null)), TRITON);
        assertNull(off.logger());
        assertEquals(8099, off.serverPort());
    }
}
