package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.mlctl.operator.testing.OpenMetrics;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.PrometheusTestServer;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.RolloutPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.failures;
import static io.mlctl.operator.testing.Rollouts.inconclusive;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.guardrails;
import static io.mlctl.operator.testing.Rollouts.preset;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary rollouts end to end: the operator on fabric8's API server, the real control plane, a real Prometheus with
 * the candidates' Triton series. Time moves by the test's clock.
 */
class CanaryRolloutTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static PrometheusTestServer prometheus;

    @BeforeAll
    static void series() throws Exception {
        Instant end = T0.plus(Duration.ofHours(2));
        Duration step = Duration.ofSeconds(15);
        OpenMetrics om = new OpenMetrics()
                // a healthy candidate: 150 ms p99, 0.5% errors
                .series("nv_inference_request_summary_us", Map.of("namespace", "canary", "pod", "fraud-v2-7c9d-x1", "quantile", "0.99"),
                        T0, end, step, s -> 150_000)
                // a candidate whose latency jumps to 400 ms after 15 minutes
                .series("nv_inference_request_summary_us", Map.of("namespace", "breach", "pod", "spiky-v2-5f6a-k2", "quantile", "0.99"),
                        T0, end, step, s -> s < 900 ? 150_000 : 400_000)
                .series("nv_inference_request_success", Map.of("namespace", "canary", "pod", "fraud-v2-7c9d-x1"), T0, end, step, s -> 200 * s)
                .series("nv_inference_request_failure", Map.of("namespace", "canary", "pod", "fraud-v2-7c9d-x1"), T0, end, step, s -> s);
        prometheus = PrometheusTestServer.start(om);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void walksItsStepsWhileGuardrailsPassThenPromotes() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).prometheus(prometheus.url()).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("fraud", "triton");
            int v1 = v[0];
            int v2 = v[1];
            h.create(rollout("canary", "fraud-v2", "fraud", Integer.toString(v2), canary("5:10m", "25:10m", "50:10m"),
                    guardrails(0, 2, GuardrailsSpec.OnInconclusive.PAUSE,
                            preset("p99-latency-ms", "latency-p99", 250), preset("error-rate", "error-rate", 0.02)), false));

            ModelRollout r = h.await("canary", "fraud-v2", "servers requested",
                    x -> x.getStatus() != null && x.getStatus().getMessage() != null && x.getStatus().getMessage().startsWith("waiting for the model servers"));
            assertEquals(RolloutPhase.PENDING, r.getStatus().getPhase());
            assertEquals(v1, r.getStatus().getBaselineVersion());
            assertEquals(v2, r.getStatus().getCandidateVersion());
            assertEquals(List.of("fraud-v1=100", "fraud-v2=0"), weights(h.cluster().route("canary", "fraud")));
            h.cluster().markReady("canary", "fraud-v1");
            h.cluster().markReady("canary", "fraud-v2");

            r = h.await("canary", "fraud-v2", "first step", x -> candidateWeight(x) == 5);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertEquals(0, r.getStatus().getStep());
            assertEquals(List.of("fraud-v1=95", "fraud-v2=5"), weights(h.cluster().route("canary", "fraud")));

            h.advance(Duration.ofMinutes(10));
            r = h.await("canary", "fraud-v2", "second step", x -> candidateWeight(x) == 25);
            assertEquals(1, r.getStatus().getStep());
            GuardrailStatus p99 = r.getStatus().getGuardrails().get(0);
            assertEquals(150.0, p99.value(), 1e-9);
            assertEquals(GuardrailResult.PASSED, p99.result());
            assertEquals(1.0 / 201.0, r.getStatus().getGuardrails().get(1).value(), 1e-6);
            assertEquals(List.of("fraud-v1=75", "fraud-v2=25"), weights(h.cluster().route("canary", "fraud")));

            OperatorHarness.CliRun status = h.mlctl("rollout", "status", "fraud-v2", "-n", "canary");
            assertEquals(0, status.exit(), status.err());
            String view = status.out();
            assertTrue(view.contains("baseline @production (v" + v1 + ") -> candidate " + v2), view);
            assertTrue(view.contains("Phase:       Progressing") || view.matches("(?s).*Phase:\\s+Progressing.*"), view);
            assertTrue(view.contains("baseline 75%, candidate 25%"), view);
            assertTrue(view.matches("(?s).*1\\s+5%\\s+10m\\s+done.*"), view);
            assertTrue(view.matches("(?s).*2\\s+25%\\s+10m\\s+current.*"), view);
            assertTrue(view.matches("(?s).*3\\s+50%\\s+10m\\s+pending.*"), view);
            assertTrue(view.matches("(?s).*p99-latency-ms\\s+preset latency-p99\\s+<= 250\\s+150\\s+Passed\\s+0/0\\s+0/2.*"), view);
            assertTrue(view.matches("(?s).*GuardrailsPassing\\s+True\\s+Passed.*"), view);
            OperatorHarness.CliRun list = h.mlctl("rollout", "list", "-n", "canary");
            assertTrue(list.out().matches("(?s).*fraud-v2\\s+fraud\\s+@production\\s+" + v2 + "\\s+canary\\s+Progressing\\s+2/3\\s+25%.*"), list.out());

            h.advance(Duration.ofMinutes(10));
            h.await("canary", "fraud-v2", "third step", x -> candidateWeight(x) == 50);
            h.advance(Duration.ofMinutes(10));
            r = h.await("canary", "fraud-v2", "promotion", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);

            assertEquals(v2, registry.aliasVersion("fraud", "production"), "the alias moved through the control plane");
            assertTrue(r.getStatus().getMessage().contains("@production now points at version " + v2), r.getStatus().getMessage());
            HTTPRoute route = h.cluster().route("canary", "fraud");
            assertEquals(List.of("fraud-v1=0", "fraud-v2=100"), weights(route));
            assertEquals(0, h.cluster().deployment("canary", "fraud-v1").getSpec().getReplicas(), "the old version is scaled away");
            assertEquals(1, h.cluster().deployment("canary", "fraud-v2").getSpec().getReplicas());
            assertEquals("False", condition(r, "Progressing").getStatus());
            assertEquals("Promoted", condition(r, "Progressing").getReason());
            assertEquals("True", condition(r, "GuardrailsPassing").getStatus());
            assertEquals(r.getMetadata().getGeneration(), r.getStatus().getObservedGeneration());

            List<String> reasons = h.events("canary", "fraud-v2").stream().map(Event::getReason).toList();
            assertTrue(reasons.containsAll(List.of("Started", "StepAdvanced", "Promoted")), reasons.toString());
            String metrics = h.metrics();
            assertTrue(metrics.contains("mlctl_rollout_phase{model=\"fraud\",namespace=\"canary\",phase=\"Succeeded\",rollout=\"fraud-v2\"} 1.0"), metrics);
            assertTrue(metrics.contains("mlctl_rollout_weight{model=\"fraud\",namespace=\"canary\",role=\"candidate\",rollout=\"fraud-v2\"} 100.0"), metrics);
            assertTrue(metrics.contains("mlctl_rollout_guardrail_value{guardrail=\"p99-latency-ms\",model=\"fraud\",namespace=\"canary\",rollout=\"fraud-v2\"} 150.0"), metrics);
            assertTrue(metrics.contains("mlctl_rollout_guardrail_threshold{bound=\"max\",guardrail=\"p99-latency-ms\",model=\"fraud\",namespace=\"canary\",rollout=\"fraud-v2\"} 250.0"), metrics);
            assertFalse(metrics.contains("mlctl_rollout_guardrail_threshold{bound=\"min\""), "no min in the spec: no series");
            assertTrue(metrics.contains("mlctl_operator_reconcile_duration_seconds_count"), metrics);

            // a finished rollout leaves the servers alone: the next rollout of this model owns them now
            h.advance(Duration.ofHours(1));
            assertEquals(RolloutPhase.SUCCEEDED, h.cluster().rollout("canary", "fraud-v2").getStatus().getPhase());
        }
    }

    @Test
    void rollsBackWhenAGuardrailFailsMoreThanItsLimit() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).prometheus(prometheus.url()).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("spiky", "triton");
            int v1 = v[0];
            int v2 = v[1];
            h.create(rollout("breach", "spiky-v2", "spiky", Integer.toString(v2), canary("10:10m", "50:30m"),
                    guardrails(1, 3, GuardrailsSpec.OnInconclusive.PAUSE, preset("p99-latency-ms", "latency-p99", 250)), false));
                h.serversReady("breach", "spiky-v2", "spiky");
            h.await("breach", "spiky-v2", "first step", x -> candidateWeight(x) == 10);
            h.advance(Duration.ofMinutes(10));
            h.await("breach", "spiky-v2", "second step", x -> candidateWeight(x) == 50);

            h.advance(Duration.ofMinutes(6));   // T0+16m: 400 ms, the first failure is within failureLimit 1
            ModelRollout r = h.await("breach", "spiky-v2", "first failure", x -> failures(x, 0) == 1);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertEquals(GuardrailResult.FAILED, r.getStatus().getGuardrails().get(0).result());
            assertEquals("False", condition(r, "GuardrailsPassing").getStatus());

            h.advance(Duration.ofMinutes(1));   // the second failure exceeds it
            r = h.await("breach", "spiky-v2", "rollback", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: guardrail p99-latency-ms failed 2 times (failureLimit 1): "
                    + "p99-latency-ms 400 is above its max 250"), r.getStatus().getMessage());
            assertEquals(List.of("spiky-v1=100", "spiky-v2=0"), weights(h.cluster().route("breach", "spiky")));
            var filters = h.cluster().route("breach", "spiky").getSpec().getRules().get(0).getFilters();
            assertTrue(filters == null || filters.isEmpty(), "no mirror");
            assertEquals(0, h.cluster().deployment("breach", "spiky-v2").getSpec().getReplicas(), "the candidate is scaled to 0");
            assertEquals(1, h.cluster().deployment("breach", "spiky-v1").getSpec().getReplicas());
            assertEquals(v1, registry.aliasVersion("spiky", "production"), "the alias stays");
            Event rolledBack = h.events("breach", "spiky-v2").stream().filter(e -> "RolledBack".equals(e.getReason())).findFirst().orElseThrow();
            assertEquals("Warning", rolledBack.getType());
            assertTrue(h.metrics().contains("mlctl_rollouts_rolled_back_total{reason=\"guardrail_failed\"} 1.0"), h.metrics());
            assertTrue(h.metrics().contains("mlctl_rollout_guardrail_result{guardrail=\"p99-latency-ms\",model=\"spiky\",namespace=\"breach\",result=\"Failed\",rollout=\"spiky-v2\"} 1.0"), h.metrics());
        }
    }

    static Condition condition(ModelRollout r, String type) {
        return r.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
