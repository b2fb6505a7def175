package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;
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
    private static final RegistryServing TRITON = new RegistryServing("s3://models/fraud/8", "triton",
            "nvcr.io/nvidia/tritonserver:24.08-py3", null, 1, "NVIDIA-A100-SXM4-40GB");

    @Test
    void tritonOnAGpuNode() {
        ServerConfig c = ServerConfigResolver.resolve("fraud", 8, new ServerSpec(null, null, 2, null, null, null, null, null), TRITON);
        Deployment d = ServerDeployment.build(c, 2, "ml-serving");
        assertEquals("fraud-v8", d.getMetadata().getName());
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals(Map.of("mlctl.io/model", "fraud", "mlctl.io/version", "8"), d.getSpec().getSelector().getMatchLabels());
        var pod = d.getSpec().getTemplate();
        assertEquals("true", pod.getMetadata().getAnnotations().get("prometheus.io/scrape"));
        assertEquals("8002", pod.getMetadata().getAnnotations().get("prometheus.io/port"));
        Container server = pod.getSpec().getContainers().get(0);
        assertEquals("nvcr.io/nvidia/tritonserver:24.08-py3", server.getImage());
        assertEquals(List.of("tritonserver"), server.getCommand());
        assertTrue(server.getArgs().contains("--model-repository=s3://models/fraud/8"), server.getArgs().toString());
        assertTrue(server.getArgs().contains("--metrics-config=summary_latencies=true"));
        assertEquals("/v2/health/ready", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/v2/health/live", server.getLivenessProbe().getHttpGet().getPath());
        assertEquals(List.of(8000, 8002, 8001), server.getPorts().stream().map(p -> p.getContainerPort()).toList());
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
                List.of("--max-model-len", "8192"), Map.of("HF_HOME", "/cache"));
        ServerConfig c = ServerConfigResolver.resolve("chat", 3, spec, new RegistryServing("s3://llm/chat/3", null, null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "llm");
        Container server = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("vllm/vllm-openai:v0.6.3", server.getImage());
        assertEquals(List.of("python3", "-m", "vllm.entrypoints.openai.api_server"), server.getCommand());
        assertEquals(List.of("--model", "s3://llm/chat/3", "--served-model-name", "chat", "--host", "0.0.0.0", "--port", "8000",
                "--tensor-parallel-size", "4", "--max-model-len", "8192"), server.getArgs());
        assertEquals("8000", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
        assertEquals(new Quantity("4"), server.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals("/health", server.getReadinessProbe().getHttpGet().getPath());
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("HF_HOME")));
        Service svc = ServerService.build(c, "llm");
        assertEquals(1, svc.getSpec().getPorts().size(), "metrics share the HTTP port");
    }

    @Test
    void cpuOnlyCustomServerHasNoGpuSchedulingAndProbesItsPort() {
        ServerSpec spec = new ServerSpec(Runtime.CUSTOM, "ghcr.io/acme/scorer:1.4", null, null, 9000, null, null, null);
        ServerConfig c = ServerConfigResolver.resolve("scorer", 2, spec, new RegistryServing("gs://acme/scorer/2", "custom", null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "default");
        var podSpec = d.getSpec().getTemplate().getSpec();
        Container server = podSpec.getContainers().get(0);
        assertTrue(server.getResources().getLimits() == null || server.getResources().getLimits().isEmpty());
        assertNull(podSpec.getNodeSelector());
        assertNull(podSpec.getTolerations());
        assertEquals("http", server.getReadinessProbe().getTcpSocket().getPort().getStrVal());
        assertEquals(9000, server.getPorts().get(0).getContainerPort());
        assertEquals("9000", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
    }

    @Test
    void torchserveUsesItsInferenceAndMetricsPorts() {
        ServerConfig c = ServerConfigResolver.resolve("ranker", 5, null,
                new RegistryServing("https://models.acme/ranker-5.mar", "torchserve", null, null, null, null));
        Deployment d = ServerDeployment.build(c, 1, "default");
        Container server = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(server.getArgs().contains("ranker=https://models.acme/ranker-5.mar"), server.getArgs().toString());
        assertEquals("/ping", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals(List.of(8080, 8082, 8081), server.getPorts().stream().map(p -> p.getContainerPort()).toList());
        Service svc = ServerService.build(c, "default");
        assertEquals(List.of("http", "metrics"), svc.getSpec().getPorts().stream().map(p -> p.getName()).toList());
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
