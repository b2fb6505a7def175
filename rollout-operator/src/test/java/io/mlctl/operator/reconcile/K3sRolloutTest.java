package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.operator.testing.TestCluster;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.testsupport.Docker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canary rollout to promotion and one to rollback on a real API server: K3s in a container (Testcontainers), so
 * server-side apply, validation against the CRDs' schemas (ModelRollout and the Gateway API HTTPRoute), status
 * subresources, finalizers and events are Kubernetes' own. K3s runs without its Deployment controller, so the model
 * servers need not start: the test marks them ready as the fabric8-mock tests do. Skipped where there is no Docker
 * engine (docs/DEVELOPING.md, "With Docker").
 */
@EnabledIf(value = "docker", disabledReason = "no Docker engine for Testcontainers (docs/DEVELOPING.md, \"With Docker\")")
class K3sRolloutTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static K3sContainer k3s;
    static KubernetesClient client;

    /** Asked before anything else so that the skip shows in the report with its reason. */
    static boolean docker() {
        return Docker.available();
    }

    @BeforeAll
    static void startK3s() {
        Docker.assumeAvailable("K3s end-to-end rollouts");
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
        // as in the image's default, plus: no Deployment controller (the test plays it with markReady)
        k3s.withCommand("server", "--disable=traefik", "--tls-san=" + k3s.getHost(),
                "--kube-controller-manager-arg=controllers=*,-deployment");
        k3s.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
    }

    @AfterAll
    static void stopK3s() {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    private static OperatorHarness operator(String namespace) throws Exception {
        TestCluster cluster = TestCluster.on(new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build());
        cluster.createNamespace(namespace);
        return OperatorHarness.start(T0, cluster).startOperator();
    }

    @Test
    void canaryWalksItsStepsAndPromotes() throws Exception {
        try (OperatorHarness h = operator("k3s-promote")) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("k3s-fraud", "triton");
            h.create(rollout("k3s-promote", "k3s-fraud-v2", "k3s-fraud", Integer.toString(v[1]),
                    canary("10:10m", "50:10m"), null, false));
            h.serversReady("k3s-promote", "k3s-fraud-v2", "k3s-fraud");
            h.await("k3s-promote", "k3s-fraud-v2", "first step", x -> candidateWeight(x) == 10);
            assertEquals(List.of("k3s-fraud-v1=90", "k3s-fraud-v2=10"), weights(h.cluster().route("k3s-promote", "k3s-fraud")));
            h.advance(Duration.ofMinutes(10));
            h.await("k3s-promote", "k3s-fraud-v2", "second step", x -> candidateWeight(x) == 50);
            h.advance(Duration.ofMinutes(10));
            ModelRollout r = h.await("k3s-promote", "k3s-fraud-v2", "promotion",
                    x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertTrue(r.getStatus().getMessage().contains("@production now points at version " + v[1]), r.getStatus().getMessage());
            assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion("k3s-fraud", "production"));
            assertEquals(List.of("k3s-fraud-v1=0", "k3s-fraud-v2=100"), weights(h.cluster().route("k3s-promote", "k3s-fraud")));
            assertEquals(0, h.cluster().deployment("k3s-promote", "k3s-fraud-v1").getSpec().getReplicas());
        }
    }

    @Test
    void abortedCanaryRollsBack() throws Exception {
        try (OperatorHarness h = operator("k3s-abort")) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("k3s-ranker", "torchserve");
            h.create(rollout("k3s-abort", "k3s-ranker-v2", "k3s-ranker", Integer.toString(v[1]),
                    canary("10:1h", "50:1h"), null, false));
            h.serversReady("k3s-abort", "k3s-ranker-v2", "k3s-ranker");
            h.await("k3s-abort", "k3s-ranker-v2", "first step", x -> candidateWeight(x) == 10);
            h.client().resources(ModelRollout.class).inNamespace("k3s-abort").withName("k3s-ranker-v2").edit(x -> {
                x.setSpec(x.getSpec().withAbort(true));
                return x;
            });
            ModelRollout r = h.await("k3s-abort", "k3s-ranker-v2", "rolled back",
                    x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: aborted by the user"), r.getStatus().getMessage());
            assertEquals(v[0], new Registry(h.controlPlane()).aliasVersion("k3s-ranker", "production"));
            assertEquals(List.of("k3s-ranker-v1=100", "k3s-ranker-v2=0"), weights(h.cluster().route("k3s-abort", "k3s-ranker")));
            assertEquals(0, h.cluster().deployment("k3s-abort", "k3s-ranker-v2").getSpec().getReplicas());
        }
    }
}
