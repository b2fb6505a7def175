package io.mlctl.controlplane.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a cluster (fabric8's in-process API server, CRUD mode, with the ModelRollout CRD): a trigger creates the Job of
 * the policy's template, and the version that answers it gets a ModelRollout from the auto-rollout template.
 */
class RetrainKubernetesTest {
    static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata: {labels: {team: risk}}
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: train
                      image: registry.example/fraud-train:1.4
                      args: [--epochs, "3"]
            """;
    static final String ROLLOUT = """
            apiVersion: mlctl.io/v1alpha1
            kind: ModelRollout
            spec:
              baseline: "@production"
              traffic: {httpRoute: fraud}
              strategy:
                canary: {steps: [{weight: 10, pause: 10m}, {weight: 50, pause: 30m}]}
            """;

    private KubernetesMockServer k8s;
    private KubernetesClient client;

    @BeforeEach
    void cluster() throws Exception {
        k8s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        k8s.init();
        client = k8s.createClient();
        try (InputStream in = ModelRollout.class.getResourceAsStream("/META-INF/fabric8/modelrollouts.mlctl.io-v1.yml")) {
            assertNotNull(in, "the generated ModelRollout CRD is on the classpath");
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
    }

    @AfterEach
    void stop() {
        client.close();
        k8s.destroy();
    }

    @Test
    void triggerCreatesJobAndAnsweringVersionGetsRollout() {
        Map<String, Object> p = Map.of("mlctl.kubernetes.master-url", client.getMasterUrl().toString(),
                "mlctl.retrain.dispatch-interval", "300ms", "mlctl.retrain.completion-interval", "300ms");
        try (TestDatabase db = TestDatabase.h2(); ControlPlaneServer cp = ControlPlaneServer.start(db, p)) {
            TestHttp http = cp.http();
            Registry.modelWithVersion(http, "fraud");
            http.put("/api/v1/models/fraud/retrain/policy", Map.of("jobTemplate", "kind: Deployment\nspec: {}"))
                    .assertProblem(422);
            http.put("/api/v1/models/fraud/retrain/policy", Map.of("jobTemplate", JOB, "jobNamespace", "training",
                    "rolloutTemplate", ROLLOUT.replace("strategy:", "strategy: {}\n  x:"), "rolloutNamespace",
                    "ml-serving")).assertProblem(422);
            JsonNode policy = http.put("/api/v1/models/fraud/retrain/policy", Map.of("jobTemplate", JOB,
                    "jobNamespace", "training", "rolloutTemplate", ROLLOUT, "rolloutNamespace", "ml-serving"))
                    .assertStatus(200).json();
            assertTrue(policy.path("autoRollout").asBoolean());

            JsonNode t = http.post("/api/v1/models/fraud/retrain/triggers", Map.of("version", 1, "reason", "manual"))
                    .assertStatus(201).json();
            long id = t.path("id").asLong();
            JsonNode delivered = RetrainFlowTest.await(() -> http.get("/api/v1/models/fraud/retrain/triggers/" + id)
                    .json(), x -> "DELIVERED".equals(x.path("status").asText()));
            assertEquals("training/fraud-retrain-" + id, delivered.path("jobName").asText());
            Job job = client.batch().v1().jobs().inNamespace("training").withName("fraud-retrain-" + id).get();
            assertNotNull(job);
            assertEquals("risk", job.getMetadata().getLabels().get("team"));
            assertEquals(String.valueOf(id), job.getMetadata().getLabels().get("mlctl.io/retrain-trigger"));
            Map<String, String> env = new HashMap<>();
            for (EnvVar e : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                env.put(e.getName(), e.getValue());
            }
            assertEquals(Map.of("MLCTL_MODEL", "fraud", "MLCTL_VERSION", "1", "MLCTL_TRIGGER_ID", String.valueOf(id),
                    "MLCTL_REASON", "manual"), env);

            http.post("/api/v1/models/fraud/versions", Map.of("artifactUri", "s3://m/2", "runtime", "custom",
                    "lineage", Map.of("triggeredBy", String.valueOf(id)))).assertStatus(201);
            JsonNode done = RetrainFlowTest.await(() -> http.get("/api/v1/models/fraud/retrain/triggers/" + id).json(),
                    x -> x.hasNonNull("rollout"));
            assertEquals("COMPLETED", done.path("status").asText());
            assertEquals("ml-serving/fraud-v2", done.path("rollout").asText());
            ModelRollout r = client.resources(ModelRollout.class).inNamespace("ml-serving").withName("fraud-v2").get();
            assertNotNull(r);
            assertEquals("fraud", r.getSpec().model());
            assertEquals("2", r.getSpec().candidate());
            assertEquals("@production", r.getSpec().baseline());
            assertEquals(2, r.getSpec().strategy().canary().steps().size());
        }
    }
}
