package io.mlctl.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.mlctl.operator.testing.ModelData;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canary's drift guardrail judged from a real drift report: the candidate's samples go to the control plane's
 * REST API, a drift window closes there (1s windows, closed by its own scheduler on the real clock), and the
 * operator reads the report's PSI of {@code amount} against the candidate's reference profile.
 */
class DriftGuardrailTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final double MAX_PSI = 0.2;
    static TestDatabase db;
    static ControlPlaneServer controlPlane;

    @BeforeAll
    static void controlPlaneWithShortWindows() {
        db = TestDatabase.h2();
        controlPlane = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1s", "mlctl.drift.close-initial-delay", "0s"));
    }

    @AfterAll
    static void stop() {
        controlPlane.close();
        db.close();
    }

    private static ModelRollout canaryWithDriftGuardrail(String ns, String model, int candidate) {
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 0, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                new GuardrailsSpec.GuardrailMetric("amount-psi", null, null,
                        new GuardrailsSpec.DriftGuardrail("amount", "psi"), null, MAX_PSI)));
        return rollout(ns, model + "-v2", model, Integer.toString(candidate), canary("20:5m", "50:5m"), g, false);
    }

    /** Sends the candidate's samples and waits until the control plane closed their window; answers the report. */
    private static JsonNode driftReport(String model, int version, long seed, double amountShift) {
        return driftReport(model, version, seed, amountShift, 0);
    }

    /** The same, waiting for a report newer than {@code afterId}. */
    private static JsonNode driftReport(String model, int version, long seed, double amountShift, long afterId) {
        new ModelData(controlPlane).samples(model, version, 1000, seed, amountShift, 0);
        TestHttp http = controlPlane.http();
        String path = "/api/v1/models/" + model + "/versions/" + version + "/drift/latest";
        JsonNode[] report = new JsonNode[1];
        Awaitility.await("drift window of " + model + " closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    TestHttp.Response r = http.get(path);
                    report[0] = r.status() == 200 ? r.json() : null;
                    return report[0] != null && report[0].path("id").asLong() > afterId;
                });
        assertEquals(1000, report[0].path("rows").asLong(), report[0].toString());
        return report[0];
    }

    private static double psi(JsonNode report, String feature) {
        for (JsonNode f : report.path("features")) {
            if (feature.equals(f.path("name").asText())) {
                return f.path("psi").asDouble();
            }
        }
        throw new AssertionError("no feature " + feature + " in " + report);
    }

    private static void started(OperatorHarness h, String ns, String model, int candidate) {
        h.create(canaryWithDriftGuardrail(ns, model, candidate));
        h.serversReady(ns, model + "-v2", model);
        h.await(ns, model + "-v2", "first step", x -> candidateWeight(x) == 20);
    }

    @Test
    void driftedSamplesBreachTheGuardrailAndRollBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0, controlPlane).startOperator()) {
            int[] v = new ModelData(controlPlane).modelWithTwoProfiledVersions("drifty");
            started(h, "drifty", "drifty", v[1]);

            // the candidate sees larger amounts than it was trained on: log(amount) moved by one standard deviation
            JsonNode report = driftReport("drifty", v[1], 21, 0.5);
            double reportPsi = psi(report, "amount");
            assertTrue(reportPsi > MAX_PSI, "the samples drift: " + report);

            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("drifty", "drifty-v2", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            GuardrailStatus g = r.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.FAILED, g.result(), g.toString());
            assertEquals(reportPsi, g.value(), 1e-12, "the operator judged the report's PSI");
            assertEquals("drift report " + report.path("id").asLong(), g.evidence(), "the report the value came from");
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: guardrail amount-psi failed 1 time (failureLimit 0): amount-psi "),
                    r.getStatus().getMessage());
            assertEquals(List.of("drifty-v1=100", "drifty-v2=0"), weights(h.cluster().route("drifty", "drifty")));
            assertEquals(0, h.cluster().deployment("drifty", "drifty-v2").getSpec().getReplicas());
            assertEquals(v[0], new Registry(controlPlane).aliasVersion("drifty", "production"), "the alias did not move");
            assertTrue(h.events("drifty", "drifty-v2").stream().map(Event::getReason).anyMatch("RolledBack"::equals));
            String metrics = h.metrics();
            assertTrue(metrics.contains("mlctl_rollouts_rolled_back_total{reason=\"guardrail_failed\"} 1.0"), metrics);
            assertTrue(metrics.contains("mlctl_rollout_guardrail_result{guardrail=\"amount-psi\",model=\"drifty\",namespace=\"drifty\",result=\"Failed\",rollout=\"drifty-v2\"} 1.0"),
                    metrics);
        }
    }

    @Test
    void undriftedSamplesPassAndTheCanaryMovesOn() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0, controlPlane).startOperator()) {
            int[] v = new ModelData(controlPlane).modelWithTwoProfiledVersions("steady");
            started(h, "steady", "steady", v[1]);

            JsonNode report = driftReport("steady", v[1], 22, 0);
            double reportPsi = psi(report, "amount");
            assertTrue(reportPsi < MAX_PSI, "the samples match the reference: " + report);

            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("steady", "steady-v2", "judged", x -> !x.getStatus().getGuardrails().isEmpty()
                    && x.getStatus().getGuardrails().get(0).result() != null);
            GuardrailStatus g = r.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.PASSED, g.result(), g.toString());
            assertEquals(reportPsi, g.value(), 1e-12, "the operator judged the report's PSI");
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());

            // the step's 5 minutes pass with the guardrail passing: on to 50%
            h.advance(Duration.ofMinutes(4));
            r = h.await("steady", "steady-v2", "second step", x -> candidateWeight(x) == 50);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertEquals(GuardrailResult.PASSED, r.getStatus().getGuardrails().get(0).result());
            assertEquals(List.of("steady-v1=50", "steady-v2=50"), weights(h.cluster().route("steady", "steady")));
        }
    }

    @Test
    void aReportFromBeforeTheCandidateGotTrafficIsNoData() throws Exception {
        int[] v = new ModelData(controlPlane).modelWithTwoProfiledVersions("again");
        // an earlier look at the candidate (say, a rollout that was aborted) left a drifted report behind
        JsonNode old = driftReport("again", v[1], 23, 0.5);
        assertTrue(psi(old, "amount") > MAX_PSI, old.toString());
        // this rollout starts after that window (the operator's clock is the real one here, as in production)
        try (OperatorHarness h = OperatorHarness.start(Instant.now(), controlPlane).startOperator()) {
            started(h, "again", "again", v[1]);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("again", "again-v2", "judged", x -> !x.getStatus().getGuardrails().isEmpty()
                    && x.getStatus().getGuardrails().get(0).result() != null);
            GuardrailStatus g = r.getStatus().getGuardrails().get(0);
            assertEquals(GuardrailResult.INCONCLUSIVE, g.result(), g.toString());
            assertTrue(g.message().startsWith("no data: the newest drift report of version " + v[1] + " (window " + Instant.parse(old.path("windowStart").asText())),
                    g.message());
            assertTrue(g.message().contains("ended before the candidate got traffic"), g.message());

            // the candidate's own traffic: judged from its report
            JsonNode fresh = driftReport("again", v[1], 24, 0, old.path("id").asLong());
            assertTrue(psi(fresh, "amount") < MAX_PSI, fresh.toString());
            h.client().resources(ModelRollout.class).inNamespace("again").withName("again-v2")
                    .edit(x -> {
                        x.setSpec(x.getSpec().withPaused(false));
                        return x;
                    });
            h.advance(Duration.ofMinutes(1));
            r = h.await("again", "again-v2", "judged again", x -> x.getStatus().getGuardrails().get(0).result() == GuardrailResult.PASSED);
            assertEquals(psi(fresh, "amount"), r.getStatus().getGuardrails().get(0).value(), 1e-12);
        }
    }
}
