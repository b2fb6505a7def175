package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.OperatorConfig;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.server.ServerDeployment;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.LoggingSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ServerSpec;
import io.mlctl.rollout.api.TrafficSpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.mlctl.operator.testing.Rollouts.canary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator puts the inference logger beside every model server it creates, through its real reconciliation
 * against fabric8's API server (CRUD): both containers with their ports, arguments, environment and probes, the
 * token Secret of the namespace, and a rollout that turns logging off or samples less.
 */
class LoggerInjectionTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static ModelRollout rollout(String ns, String model, int candidate, LoggingSpec logging) {
        ServerSpec server = logging == null ? null : new ServerSpec(null, null, null, null, null, null, null, null, logging);
        return new ModelRollout(ns, model + "-v" + candidate, new ModelRolloutSpec(model, "@production", Integer.toString(candidate),
                server, new TrafficSpec(model, null, null, null), canary("10:10m"), null, null, null, null, null));
    }

    private static Container container(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + d.getMetadata().getName()));
    }

    private static Deployment awaitDeployment(OperatorHarness h, String ns, String name) {
        return Awaitility.await(name + " created").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> h.cluster().deployment(ns, name), d -> d != null);
    }

    private static Secret secret(OperatorHarness h, String ns) {
        return h.client().secrets().inNamespace(ns).withName(OperatorConfig.DEFAULT_LOGGER_TOKEN_SECRET).get();
    }

    @Test
    void everyServerGetsTheLoggerAndTheNamespaceGetsTheToken() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("logged", "triton");
            h.create(rollout("logging", "logged", v[1], null));
            for (int version : v) {
                Deployment d = awaitDeployment(h, "logging", "logged-v" + version);
                List<String> names = d.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getName).toList();
                assertEquals(List.of(LoggerSidecar.CONTAINER, ServerDeployment.SERVER_CONTAINER), names);
                Container logger = container(d, LoggerSidecar.CONTAINER);
                assertEquals(OperatorHarness.LOGGER_IMAGE, logger.getImage());
                assertEquals(List.of("--upstream", "http://127.0.0.1:18080", "--listen", "8000", "--protocol", "oip",
                        "--model", "logged", "--version", Integer.toString(version), "--sample-rate", "1", "--admin-port", "8099"),
                        logger.getArgs());
                assertEquals(h.controlPlane().url().toString(), logger.getEnv().stream()
                        .filter(e -> e.getName().equals("MLCTL_SERVER")).findFirst().orElseThrow().getValue());
                assertEquals(OperatorConfig.DEFAULT_LOGGER_TOKEN_SECRET, logger.getEnv().stream()
                        .filter(e -> e.getName().equals("MLCTL_TOKEN")).findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName());
                Container server = container(d, ServerDeployment.SERVER_CONTAINER);
                assertTrue(server.getArgs().contains("--http-port=18080"), server.getArgs().toString());
                assertEquals(18080, server.getReadinessProbe().getHttpGet().getPort().getIntVal());
                assertEquals(8000, logger.getPorts().get(0).getContainerPort());
            }
            // the Service and the route still point at the serving port, which is now the logger's
            var svc = Awaitility.await("Service").atMost(Duration.ofSeconds(30))
                    .until(() -> h.client().services().inNamespace("logging").withName("logged-v" + v[1]).get(), x -> x != null);
            assertEquals("http", svc.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            assertEquals(8000, svc.getSpec().getPorts().get(0).getPort());

            Secret token = Awaitility.await("token Secret").atMost(Duration.ofSeconds(30)).until(() -> secret(h, "logging"), s -> s != null);
            assertEquals(OperatorHarness.INGEST_TOKEN, new String(Base64.getDecoder().decode(token.getData().get("token")), StandardCharsets.UTF_8));
            assertEquals("mlctl-operator", token.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertTrue(token.getMetadata().getOwnerReferences() == null || token.getMetadata().getOwnerReferences().isEmpty(),
                    "servers outlive rollouts: the Secret is not owned by one");

            // a deleted copy comes back at the next reconciliation
            h.client().secrets().inNamespace("logging").withName(OperatorConfig.DEFAULT_LOGGER_TOKEN_SECRET).delete();
            Awaitility.await("Secret gone").atMost(Duration.ofSeconds(30)).until(() -> secret(h, "logging") == null);
            h.advance(Duration.ofMinutes(1));
            Awaitility.await("Secret restored").atMost(Duration.ofSeconds(30)).until(() -> secret(h, "logging") != null);
        }
    }

    @Test
    void loggingOffGivesOneContainerAndSampleRatePassesThrough() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] off = registry.modelWithTwoVersions("unlogged", "vllm");
            h.create(rollout("no-logging", "unlogged", off[1], new LoggingSpec(false, null, null, null, null, null)));
            int[] sampled = registry.modelWithTwoVersions("sampled", "vllm");
            h.create(rollout("sampling", "sampled", sampled[1], new LoggingSpec(null, 0.05, null, 9100, null, null)));

            Deployment d = awaitDeployment(h, "no-logging", "unlogged-v" + off[1]);
            assertEquals(1, d.getSpec().getTemplate().getSpec().getContainers().size());
            Container server = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(ServerDeployment.SERVER_CONTAINER, server.getName());
            assertEquals("8000", server.getArgs().get(server.getArgs().indexOf("--port") + 1), "the server keeps the serving port");
            var volumes = d.getSpec().getTemplate().getSpec().getVolumes();
            assertTrue(volumes == null || volumes.isEmpty(), "no logger, no /tmp volume for it: " + volumes);

            d = awaitDeployment(h, "sampling", "sampled-v" + sampled[1]);
            Container logger = container(d, LoggerSidecar.CONTAINER);
            assertEquals("0.05", logger.getArgs().get(logger.getArgs().indexOf("--sample-rate") + 1));
            assertEquals("openai", logger.getArgs().get(logger.getArgs().indexOf("--protocol") + 1));
            assertEquals("http://127.0.0.1:9100", logger.getArgs().get(logger.getArgs().indexOf("--upstream") + 1));
            server = container(d, ServerDeployment.SERVER_CONTAINER);
            assertEquals("9100", server.getArgs().get(server.getArgs().indexOf("--port") + 1));
            assertEquals("9100", d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"),
                    "vLLM's metrics are on its own port, scraped around the logger");

            Awaitility.await("token Secret in the logging namespace").atMost(Duration.ofSeconds(30)).until(() -> secret(h, "sampling") != null);
            assertNull(secret(h, "no-logging"), "no logger in that namespace, no token copied there");
        }
    }
}
