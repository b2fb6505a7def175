package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;
import io.mlctl.rollout.api.LoggingSpec;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.ServerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerDeploymentTest {
    static final LoggerSidecar.Settings LOGGER = new LoggerSidecar.Settings("ghcr.io/mlctl/inference-logger:0.1.0",
            "http://mlctl-control-plane.mlctl.svc:8080", "mlctl-logger-token", "t0ken");
    static final LoggingSpec OFF = new LoggingSpec(false, null, null, null, null, null);

    static Container server(Deployment d) {
        return container(d, ServerDeployment.SERVER_CONTAINER);
    }

    static Container container(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static final RegistryServing TRITON = new RegistryServing("s3://models/fraud/8", "triton",
            "nvcr.io/nvidia/tritonserver:24.08-py3", null, 1, "NVIDIA-A100-SXM4-40GB");

    @Test
    void tritonOnAGpuNode() {
        ServerConfig c = ServerConfigResolver.resolve("fraud", 8, new ServerSpec(null, null, 2, null, null, null, null, null, null), TRITON);
        Deployment d = ServerDeployment.build(c, 2, "ml-serving", LOGGER);
        assertEquals("fraud-v8", d.getMetadata().getName());
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals(Map.of("mlctl.io/model", "fraud", "mlctl.io/version", "8"), d.getSpec().getSelector().getMatchLabels());
        var pod = d.getSpec().getTemplate();
        assertEquals("true", pod.getMetadata().getAnnotations().get("prometheus.io/scrape"));
        assertEquals("8002", pod.getMetadata().getAnnotations().get("prometheus.io/port"));
        Container server = server(d);
        assertEquals("nvcr.io/nvidia/tritonserver:24.08-py3", server.getImage());
        assertEquals(List.of("tritonserver"), server.getCommand());
        assertTrue(server.getArgs().contains("--model-repository=s3://models/fraud/8"), server.getArgs().toString());
        assertTrue(server.getArgs().contains("--metrics-config=summary_latencies=true"));
        assertEquals("/v2/health/ready", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/v2/health/live", server.getLivenessProbe().getHttpGet().getPath());
        assertEquals(List.of(18080, 8002, 8001), server.getPorts().stream().map(p -> p.getContainerPort()).toList(),
                "behind the logger the server's HTTP port is the internal one");
        assertTrue(server.getArgs().contains("--http-port=18080"), server.getArgs().toString());
        assertEquals(18080, server.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(new Quantity("1"), server.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB"), pod.getSpec().getNodeSelector());
        Toleration t = pod.getSpec().getTolerations().get(0);
        assertEquals("nvidia.com/gpu", t.getKey());
        assertEquals("Exists", t.getOperator());
        assertEquals("NoSchedule", t.getEffect());
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("MLCTL_MODEL_URI") && e.getValue().equals("s3://models/fraud/8")));
    }

    @Test
    void vllmShardsOverItsGpusAndServesMetricsOnItsPort() {
        ServerSpec spec = new ServerSpec(Runtime.VLLM, null, 1, new ServerSpec.GpuSpec(4, "NVIDIA-H100-80GB-HBM3"), null, null,
                List.of("--max-model-len", "8192"), Map.of("HF_HOME", "/cache"), null);
        ServerConfig c = ServerConfigResolver.resolve("chat", 3, spec, new RegistryServing("s3://llm/chat/3", null, null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "llm", LOGGER);
        Container server = server(d);
        assertEquals("vllm/vllm-openai:v0.6.3", server.getImage());
        assertEquals(List.of("python3", "-m", "vllm.entrypoints.openai.api_server"), server.getCommand());
        assertEquals(List.of("--model", "s3://llm/chat/3", "--served-model-name", "chat", "--host", "0.0.0.0", "--port", "18080",
                "--tensor-parallel-size", "4", "--max-model-len", "8192"), server.getArgs());
        assertEquals("18080", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"),
                "vLLM serves /metrics on its HTTP port, now the internal one: scraped directly, not through the logger");
        assertEquals(new Quantity("4"), server.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals("/health", server.getReadinessProbe().getHttpGet().getPath());
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("HF_HOME")));
        Service svc = ServerService.build(c, "llm");
        assertEquals(List.of("http:8000->http", "metrics:18080->18080", "logger-admin:8099->logger-admin"), ports(svc));
    }

    @Test
    void cpuOnlyCustomServerHasNoGpuSchedulingAndProbesItsPort() {
        ServerSpec spec = new ServerSpec(Runtime.CUSTOM, "ghcr.io/acme/scorer:1.4", null, null, 9000, null, null, null, OFF);
        ServerConfig c = ServerConfigResolver.resolve("scorer", 2, spec, new RegistryServing("gs://acme/scorer/2", "custom", null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "default", LOGGER);
        var podSpec = d.getSpec().getTemplate().getSpec();
        Container server = server(d);
        assertTrue(server.getResources().getLimits() == null || server.getResources().getLimits().isEmpty());
        assertNull(podSpec.getNodeSelector());
        assertNull(podSpec.getTolerations());
        assertEquals(9000, server.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals(1, podSpec.getContainers().size(), "logging disabled: the model server alone");
        assertEquals("http", server.getPorts().get(0).getName());
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("PORT") && e.getValue().equals("9000")));
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("MLCTL_SERVER_PORT") && e.getValue().equals("9000")));
        assertEquals(List.of("http:9000->http"), ports(ServerService.build(c, "default")));
        assertEquals(9000, server.getPorts().get(0).getContainerPort());
        assertEquals("9000", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
    }

    @Test
    void torchserveUsesItsInferenceAndMetricsPorts() {
        ServerConfig c = ServerConfigResolver.resolve("ranker", 5, null,
                new RegistryServing("https://models.acme/ranker-5.mar", "torchserve", null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "default", LOGGER);
        Container server = server(d);
        assertTrue(server.getArgs().contains("ranker=https://models.acme/ranker-5.mar"), server.getArgs().toString());
        assertEquals("/ping", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals(18080, server.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(List.of(18080, 8082, 8081), server.getPorts().stream().map(p -> p.getContainerPort()).toList());
        // TorchServe reads its addresses from a config file only: written at start, then exec'd with the arguments
        assertEquals(List.of("/bin/sh", "-c"), server.getCommand().subList(0, 2));
        String script = server.getCommand().get(2);
        assertTrue(script.contains("echo inference_address=http://0.0.0.0:18080;"), script);
        assertTrue(script.contains("echo metrics_address=http://0.0.0.0:8082;"), script);
        assertTrue(script.endsWith("exec torchserve --ts-config /tmp/mlctl-torchserve.properties \"$@\""), script);
        assertEquals("torchserve", server.getCommand().get(3), "$0 of the script");
        Service svc = ServerService.build(c, "default");
        assertEquals(List.of("http:8080->http", "metrics:8082->8082", "logger-admin:8099->logger-admin"), ports(svc));
    }

    static List<String> ports(Service svc) {
        return svc.getSpec().getPorts().stream().map(p -> p.getName() + ":" + p.getPort() + "->"
                + (p.getTargetPort().getStrVal() != null ? p.getTargetPort().getStrVal() : p.getTargetPort().getIntVal())).toList();
    }

    @Test
    void customWithoutImageOrArtifactCannotRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfigResolver.resolve("scorer", 2,
                null, new RegistryServing("gs://x", "custom", null, null, null, null)));
        assertTrue(e.getMessage().contains("has no serving image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerConfigResolver.resolve("fraud", 2, null,
                new RegistryServing(null, "triton", null, null, null, null)));
        assertTrue(e.getMessage().contains("no artifact URI"), e.getMessage());
    }

    @Test
    void namesAreDns1035LabelsEvenForLongOrNumericModelNames() {
        assertEquals("fraud-v12", ServerNames.serverName("fraud", 12));
        assertEquals("m-7up-v1", ServerNames.serverName("7up", 1));
        String longName = ServerNames.serverName("a".repeat(63), 123);
        assertTrue(longName.length() <= 63, longName);
        assertTrue(longName.endsWith("-v123"), longName);
    }
}
