package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.mlctl.cli.CliRun;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.RolloutPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rollout commands against fabric8's in-process API server (CRUD mode, ModelRollout CRD loaded), via a kubeconfig. */
class RolloutCommandsTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static Path kubeconfig;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        try (InputStream crd = ModelRollout.class.getResourceAsStream("/META-INF/fabric8/modelrollouts.mlctl.io-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        kubeconfig = writeKubeconfig("mock", client.getConfiguration().getMasterUrl());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    static Path writeKubeconfig(String name, String url) throws Exception {
        Path f = dir.resolve(name + ".kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s"}
                users:
                - name: tester
                  user: {token: secret}
                contexts:
                - name: test
                  context: {cluster: test, user: tester, namespace: ml-serving}
                current-context: test
                """.formatted(url));
        return f;
    }

    static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--kubeconfig")) {
            all.add("--kubeconfig");
            all.add(kubeconfig.toString());
        }
        return CliRun.run(all.toArray(String[]::new));
    }

    static ModelRollout get(String ns, String name) {
        return client.resources(ModelRollout.class).inNamespace(ns).withName(name).get();
    }

    @Test
    void startsACanaryFromFlagsInTheContextsNamespace() {
        CliRun r = run("rollout", "start", "fraud", "--candidate", "8", "--strategy", "canary", "--steps", "5:10m,25:30m",
                "--guardrail", "p99-latency-ms=latency-p99<=250", "--guardrail", "prediction-psi=drift:__prediction__:psi<=0.2",
                "--failure-limit", "2", "--on-inconclusive", "rollback", "--gpus", "1", "--gpu-product", "NVIDIA-A100-SXM4-40GB",
                "--retrain-on-rollback");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Follow it with: mlctl rollout status fraud-v8 -n ml-serving"), r.out());
        ModelRollout created = get("ml-serving", "fraud-v8");
        assertEquals("@production", created.getSpec().baseline());
        assertEquals("8", created.getSpec().candidate());
        assertEquals("fraud", created.getSpec().traffic().httpRoute());
        assertEquals(25, created.getSpec().strategy().canary().steps().get(1).weight());
        assertEquals("30m", created.getSpec().strategy().canary().steps().get(1).pause());
        var g = created.getSpec().guardrails();
        assertEquals(2, g.failureLimit());
        assertEquals("latency-p99", g.metrics().get(0).preset());
        assertEquals(250.0, g.metrics().get(0).max());
        assertEquals("psi", g.metrics().get(1).drift().statistic());
        assertEquals(1, created.getSpec().server().gpu().count());
        assertTrue(created.getSpec().retrainOnRollback());

        CliRun again = run("rollout", "start", "fraud", "--candidate", "8", "--strategy", "canary");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("modelrollout fraud-v8 already exists in namespace ml-serving"), again.err());
    }

    @Test
    void rejectsAnInvalidSpecBeforeCreatingAnything() {
        CliRun r = run("rollout", "start", "fraud", "--candidate", "9", "--strategy", "canary", "--steps", "120:10m,50:soon");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("--steps '50:soon'") || r.err().contains("weight 120"), r.err());
        r = run("rollout", "start", "fraud", "--candidate", "9", "--strategy", "canary", "--steps", "120:10m");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("spec.strategy.canary.steps[0].weight 120 must be between 0 and 100"), r.err());
        r = run("rollout", "start", "fraud", "--candidate", "9", "--strategy", "blue-green");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("--strategy must be canary, shadow or ab"), r.err());
        r = run("rollout", "start", "fraud", "--candidate", "9", "--strategy", "ab", "--metric-baseline", "0.1");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("exactly one of mdeRelative or mdeAbsolute"), r.err());
        assertNull(get("ml-serving", "fraud-v9"));
    }

    @Test
    void startsFromAFileWithFlagOverridesAndDryRun() throws Exception {
        Path f = dir.resolve("rollout.yaml");
        Files.writeString(f, """
                apiVersion: mlctl.io/v1alpha1
                kind: ModelRollout
                metadata: {name: chat-ab}
                spec:
                  model: chat
                  baseline: "@production"
                  candidate: "3"
                  traffic: {httpRoute: chat-route}
                  strategy:
                    abTest: {split: 20, metric: {name: thumbs-up, baseline: 0.3, mdeRelative: 0.1}, maxDuration: 7d}
                """);
        CliRun dry = run("rollout", "start", "-f", f.toString(), "--candidate", "4", "--dry-run", "-o", "json");
        assertEquals(0, dry.exit(), dry.err());
        assertEquals("4", dry.json().at("/spec/candidate").asText());
        assertEquals(20, dry.json().at("/spec/strategy/abTest/split").asInt());
        assertNull(get("ml-serving", "chat-ab"));

        CliRun r = run("rollout", "start", "-f", f.toString(), "--candidate", "4", "-n", "llm");
        assertEquals(0, r.exit(), r.err());
        ModelRollout created = get("llm", "chat-ab");
        assertEquals("4", created.getSpec().candidate());
        assertEquals("thumbs-up", created.getSpec().strategy().abTest().metric().name());
        assertEquals("chat-route", created.getSpec().traffic().httpRoute());

        Files.writeString(f, "kind: ModelRollout\nspec: [not, a, spec]\n");
        CliRun bad = run("rollout", "start", "-f", f.toString());
        assertEquals(64, bad.exit());
        assertTrue(bad.err().contains("is not a ModelRollout manifest"), bad.err());
    }

    @Test
    void statusShowsStepsGuardrailsSamplesAndConditionsAtAGlance() throws Exception {
        assertEquals(0, run("rollout", "start", "fraud", "--candidate", "12", "--strategy", "canary", "--name", "fraud-status",
                "--steps", "5:10m,25:30m,50:30m", "--guardrail", "p99-latency-ms=latency-p99<=250",
                "--guardrail", "error-rate=error-rate<=0.01", "--failure-limit", "2", "--inconclusive-limit", "3").exit());
        ModelRollout r = get("ml-serving", "fraud-status");
        ModelRolloutStatus s = new ModelRolloutStatus();
        s.setPhase(RolloutPhase.PROGRESSING);
        s.setStep(1);
        s.setStepStartedAt(Instant.now().minus(Duration.ofMinutes(18)));
        s.setStartedAt(Instant.now().minus(Duration.ofMinutes(40)));
        s.setBaselineVersion(11);
        s.setCandidateVersion(12);
        s.setWeights(ModelRolloutStatus.Weights.candidate(25));
        s.setMessage("canary step 2/3: 25% to the candidate; next step in 12m");
        s.setGuardrails(List.of(
                new ModelRolloutStatus.GuardrailStatus("p99-latency-ms", 180.0, GuardrailResult.PASSED, 0, 1, null, Instant.now(), null),
                new ModelRolloutStatus.GuardrailStatus("error-rate", null, GuardrailResult.INCONCLUSIVE, 1, 2, "no data: the query matched no series", Instant.now(), null)));
        s.setConditions(List.of(new ConditionBuilder().withType("Available").withStatus("True").withReason("Ready")
                .withMessage("fraud-v12: 2/2 replicas ready").build()));
        r.setStatus(s);
        client.resources(ModelRollout.class).inNamespace("ml-serving").resource(r).updateStatus();

        CliRun st = run("rollout", "status", "fraud-status");
        assertEquals(0, st.exit(), st.err());
        String out = st.out();
        assertTrue(out.contains("baseline @production (v11) -> candidate 12"), out);
        assertTrue(out.contains("Progressing"), out);
        assertTrue(out.contains("baseline 75%, candidate 25%"), out);
        assertTrue(out.matches("(?s).*1\\s+5%\\s+10m\\s+done.*"), out);
        assertTrue(out.matches("(?s).*2\\s+25%\\s+30m\\s+current: 18m\\d*s? in, 1[12]m\\d*s? left.*"), out);
        assertTrue(out.matches("(?s).*3\\s+50%\\s+30m\\s+pending.*"), out);
        assertTrue(out.matches("(?s).*p99-latency-ms\\s+preset latency-p99\\s+<= 250\\s+180\\s+Passed\\s+0/2\\s+1/3.*"), out);
        assertTrue(out.matches("(?s).*error-rate\\s+preset error-rate\\s+<= 0.01\\s+-\\s+Inconclusive\\s+1/2\\s+2/3\\s+no data.*"), out);
        assertTrue(out.matches("(?s).*Available\\s+True\\s+Ready\\s+fraud-v12: 2/2 replicas ready.*"), out);

        CliRun json = run("rollout", "status", "fraud-status", "-o", "json");
        assertEquals("Progressing", json.json().at("/status/phase").asText());
        assertEquals(25, json.json().at("/status/weights/candidate").asInt());
        CliRun yaml = run("rollout", "status", "fraud-status", "-o", "yaml");
        assertTrue(yaml.out().contains("kind: ModelRollout"), yaml.out());
    }

    @Test
    void statusOfAnAbTestShowsSamplesAgainstTheRequiredSize() {
        assertEquals(0, run("rollout", "start", "ranker", "--candidate", "5", "--strategy", "ab", "--metric", "ctr",
                "--metric-baseline", "0.10", "--mde-relative", "0.05", "--name", "ranker-ab").exit());
        ModelRollout r = get("ml-serving", "ranker-ab");
        ModelRolloutStatus s = new ModelRolloutStatus();
        s.setPhase(RolloutPhase.PROGRESSING);
        s.setExperimentId("ranker-ab-1234abcd");
        s.setSamples(new ModelRolloutStatus.Samples(Map.of("control", 8158L, "treatment", 8158L), Map.of("control", 1200L, "treatment", 1187L)));
        r.setStatus(s);
        client.resources(ModelRollout.class).inNamespace("ml-serving").resource(r).updateStatus();
        CliRun st = run("rollout", "status", "ranker-ab");
        assertTrue(st.out().contains("A/B test, 50% to the candidate on ctr, at most 14d"), st.out());
        assertTrue(st.out().matches("(?s).*control\\s+1200\\s+8158\\s+14.7%.*"), st.out());
        assertTrue(st.out().matches("(?s).*treatment\\s+1187\\s+8158\\s+14.6%.*"), st.out());
        assertTrue(st.out().contains("ranker-ab-1234abcd"), st.out());
    }

    @Test
    void listPauseResumePromoteAbort() throws Exception {
        assertEquals(0, run("rollout", "start", "scorer", "--candidate", "2", "--strategy", "shadow", "--duration", "30m",
                "-n", "actions").exit());
        CliRun list = run("rollout", "list", "-n", "actions");
        assertTrue(list.out().matches("(?s).*NAME\\s+MODEL.*scorer-v2\\s+scorer\\s+@production\\s+2\\s+shadow.*"), list.out());
        CliRun all = run("rollout", "list", "-A", "-o", "json");
        assertTrue(all.json().isArray() && all.json().size() >= 1, all.out());

        assertEquals(0, run("rollout", "pause", "scorer-v2", "-n", "actions").exit());
        assertTrue(get("actions", "scorer-v2").getSpec().pauseRequested());
        CliRun twice = run("rollout", "pause", "scorer-v2", "-n", "actions");
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("already paused"), twice.err());
        CliRun resume = run("rollout", "resume", "scorer-v2", "-n", "actions");
        assertEquals(0, resume.exit(), resume.err());
        assertEquals("scorer-v2: resumed\n", resume.out());
        assertFalse(get("actions", "scorer-v2").getSpec().pauseRequested());
        assertEquals(1, run("rollout", "resume", "scorer-v2", "-n", "actions").exit());

        CliRun promote = run("rollout", "promote", "scorer-v2", "-n", "actions", "-o", "json");
        assertEquals(0, promote.exit(), promote.err());
        assertTrue(promote.json().at("/spec/promote").asBoolean());
        assertEquals(0, run("rollout", "abort", "scorer-v2", "-n", "actions").exit());
        assertTrue(get("actions", "scorer-v2").getSpec().abortRequested());

        ModelRollout done = get("actions", "scorer-v2");
        ModelRolloutStatus s = new ModelRolloutStatus();
        s.setPhase(RolloutPhase.ROLLED_BACK);
        s.setMessage("rolled back: aborted by the user");
        done.setStatus(s);
        client.resources(ModelRollout.class).inNamespace("actions").resource(done).updateStatus();
        CliRun late = run("rollout", "promote", "scorer-v2", "-n", "actions");
        assertEquals(1, late.exit());
        assertTrue(late.err().contains("already finished (RolledBack)"), late.err());
    }

    @Test
    void notFoundAndUnreachableHaveTheirExitCodes() throws Exception {
        CliRun missing = run("rollout", "status", "nope");
        assertEquals(4, missing.exit());
        assertTrue(missing.err().contains("modelrollout nope not found in namespace ml-serving"), missing.err());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path down = writeKubeconfig("down", "http://127.0.0.1:" + closed);
        CliRun r = run("rollout", "list", "--kubeconfig", down.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("cannot reach the Kubernetes API at http://127.0.0.1:" + closed), r.err());
        CliRun help = run("rollout", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("start") && help.out().contains("promote"), help.out());
    }
}
