package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.failures;
import static io.mlctl.operator.testing.Rollouts.inconclusive;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.guardrails;
import static io.mlctl.operator.testing.Rollouts.preset;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus unreachable: guardrails are Inconclusive, never Passed; past inconclusiveLimit the policy applies. */
class InconclusiveGuardrailTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static URI unreachable;

    @BeforeAll
    static void closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            unreachable = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void pausesWithoutEverPromotingOnNoDataAndResumesOnRequest() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).prometheus(unreachable).startOperator()) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("blind", "triton");
            h.create(rollout("blind", "blind-v2", "blind", Integer.toString(v[1]), canary("20:5m", "50:5m"),
                    guardrails(0, 1, GuardrailsSpec.OnInconclusive.PAUSE, preset("p99-latency-ms", "latency-p99", 250)), false));
            h.serversReady("blind", "blind-v2", "blind");
            h.await("blind", "blind-v2", "first step", x -> candidateWeight(x) == 20);

            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("blind", "blind-v2", "first inconclusive",
                    x -> inconclusive(x, 0) == 1);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertEquals(GuardrailResult.INCONCLUSIVE, r.getStatus().getGuardrails().get(0).result());
            assertTrue(r.getStatus().getGuardrails().get(0).message().startsWith("Prometheus at " + unreachable + "/ is unreachable"),
                    r.getStatus().getGuardrails().get(0).message());

            h.advance(Duration.ofMinutes(1));
            r = h.await("blind", "blind-v2", "paused", x -> x.getStatus().getPhase() == RolloutPhase.PAUSED);
            assertEquals(T0.plus(Duration.ofMinutes(2)), r.getStatus().getPausedAt());
            assertTrue(r.getSpec().pauseRequested(), "the operator records the pause in the spec, where 'resume' clears it");
            assertTrue(r.getStatus().getMessage().startsWith("paused: guardrail p99-latency-ms was inconclusive 2 times (inconclusiveLimit 1)"),
                    r.getStatus().getMessage());
            assertTrue(r.getStatus().getMessage().contains("never promoting without data"), r.getStatus().getMessage());
            assertEquals(List.of("blind-v1=80", "blind-v2=20"), weights(h.cluster().route("blind", "blind")), "traffic holds");

            // long past every pause: still held, nothing promoted
            h.advance(Duration.ofMinutes(30));
            r = h.await("blind", "blind-v2", "still judged while paused", x -> x.getStatus().getLastEvaluatedAt().equals(T0.plus(Duration.ofMinutes(32))));
            assertEquals(RolloutPhase.PAUSED, r.getStatus().getPhase());
            assertEquals(20, candidateWeight(r));
            assertEquals(v[0], new Registry(h.controlPlane()).aliasVersion("blind", "production"));
            assertTrue(h.events("blind", "blind-v2").stream().map(Event::getReason).anyMatch("PausedInconclusive"::equals));

            // mlctl rollout resume: spec.paused=false
            h.client().resources(ModelRollout.class).inNamespace("blind").withName("blind-v2")
                    .edit(x -> {
                        x.setSpec(x.getSpec().withPaused(false));
                        return x;
                    });
            r = h.await("blind", "blind-v2", "resumed", x -> x.getStatus().getPhase() == RolloutPhase.PROGRESSING);
            assertEquals(0, r.getStatus().getGuardrails().get(0).inconclusiveOrZero(), "resume forgives the inconclusive results");
            // the step's clock stopped while paused: 2 of its 5 minutes had passed
            assertEquals(T0.plus(Duration.ofMinutes(30)), r.getStatus().getStepStartedAt());
        }
    }

    @Test
    void aDriftGuardrailWithoutAReportYetIsNoData() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("nodrift", "triton");
            h.create(rollout("nodrift", "nodrift-v2", "nodrift", Integer.toString(v[1]), canary("20:5m"),
                    new GuardrailsSpec("1m", 0, 5, GuardrailsSpec.OnInconclusive.PAUSE, List.of(new GuardrailsSpec.GuardrailMetric(
                            "prediction-psi", null, null, new GuardrailsSpec.DriftGuardrail("__prediction__", "psi"), null, 0.2))), false));
            h.serversReady("nodrift", "nodrift-v2", "nodrift");
            h.await("nodrift", "nodrift-v2", "first step", x -> candidateWeight(x) == 20);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("nodrift", "nodrift-v2", "judged", x -> inconclusive(x, 0) == 1);
            String why = r.getStatus().getGuardrails().get(0).message();
            assertTrue(why.startsWith("no data: HTTP 4"), why);
            assertTrue(why.contains("/api/v1/models/nodrift/versions/" + v[1] + "/drift/latest"), why);
            // the step's pause is long over, but nothing moves on no data
            h.advance(Duration.ofMinutes(10));
            r = h.await("nodrift", "nodrift-v2", "judged again", x -> inconclusive(x, 0) == 2);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertTrue(r.getStatus().getMessage().contains("pause over, waiting for guardrails to pass"), r.getStatus().getMessage());
            assertEquals(20, candidateWeight(r));
        }
    }

    @Test
    void rollsBackWhenThePolicySaysSo() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).prometheus(unreachable).startOperator()) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("blinder", "triton");
            h.create(rollout("blinder", "blinder-v2", "blinder", Integer.toString(v[1]), canary("20:5m"),
                    guardrails(0, 0, GuardrailsSpec.OnInconclusive.ROLLBACK, preset("error-rate", "error-rate", 0.01)), false));
            h.serversReady("blinder", "blinder-v2", "blinder");
            h.await("blinder", "blinder-v2", "first step", x -> candidateWeight(x) == 20);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("blinder", "blinder-v2", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: guardrail error-rate was inconclusive 1 times (inconclusiveLimit 0)"),
                    r.getStatus().getMessage());
            assertTrue(r.getStatus().getMessage().contains("(onInconclusive: rollback)"), r.getStatus().getMessage());
            assertEquals(List.of("blinder-v1=100", "blinder-v2=0"), weights(h.cluster().route("blinder", "blinder")));
            assertEquals(0, h.cluster().deployment("blinder", "blinder-v2").getSpec().getReplicas());
            assertTrue(h.metrics().contains("mlctl_rollouts_rolled_back_total{reason=\"guardrail_inconclusive\"} 1.0"), h.metrics());
        }
    }
}
