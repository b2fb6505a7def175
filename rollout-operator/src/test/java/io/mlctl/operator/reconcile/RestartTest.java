package io.mlctl.operator.reconcile;

import io.mlctl.operator.testing.OpenMetrics;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.PrometheusTestServer;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
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

/** A new operator process picks a rollout up at the step, step start and counters its status records. */
class RestartTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void aRestartedOperatorResumesAtTheSameStep() throws Exception {
        Instant end = T0.plus(Duration.ofHours(1));
        // the candidate fails its latency guardrail once, at T0+10m, to leave a counter behind
        OpenMetrics om = new OpenMetrics().series("nv_inference_request_summary_us",
                Map.of("namespace", "restart", "pod", "steady-v2-6b7c-z9", "quantile", "0.99"), T0, end, Duration.ofSeconds(15),
                s -> s >= 600 && s < 660 ? 300_000 : 120_000);
        try (PrometheusTestServer prometheus = PrometheusTestServer.start(om);
             OperatorHarness h = OperatorHarness.start(T0).prometheus(prometheus.url()).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("steady", "triton");
            int v1 = v[0];
            int v2 = v[1];
            h.create(rollout("restart", "steady-v2", "steady", Integer.toString(v2), canary("10:10m", "30:10m", "60:10m"),
                    guardrails(3, 3, GuardrailsSpec.OnInconclusive.PAUSE, preset("p99-latency-ms", "latency-p99", 250)), false));
                h.serversReady("restart", "steady-v2", "steady");
            h.await("restart", "steady-v2", "first step", x -> candidateWeight(x) == 10);

            h.advance(Duration.ofMinutes(10));   // T0+10m: the failing minute, so no step yet
            ModelRollout r = h.await("restart", "steady-v2", "a failure counted", x -> failures(x, 0) == 1);
            assertEquals(0, r.getStatus().getStep());
            h.advance(Duration.ofMinutes(1));    // T0+11m: passing again, on to step 2
            r = h.await("restart", "steady-v2", "second step", x -> candidateWeight(x) == 30);
            Instant stepStartedAt = r.getStatus().getStepStartedAt();
            assertEquals(T0.plus(Duration.ofMinutes(11)), stepStartedAt);

            h.stopOperator();
            h.clock().advance(Duration.ofMinutes(4));
            h.startOperator();                    // a new process: no memory but the resources
            r = h.await("restart", "steady-v2", "the new operator judged the rollout",
                    x -> T0.plus(Duration.ofMinutes(15)).equals(x.getStatus().getLastEvaluatedAt()));
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertEquals(1, r.getStatus().getStep(), "same step");
            assertEquals(stepStartedAt, r.getStatus().getStepStartedAt(), "same step start: 6 of its 10 minutes are left");
            assertEquals(1, r.getStatus().getGuardrails().get(0).failuresOrZero(), "the failure counter survived");
            assertEquals(List.of("steady-v1=70", "steady-v2=30"), weights(h.cluster().route("restart", "steady")));

            h.advance(Duration.ofMinutes(6));
            h.await("restart", "steady-v2", "third step", x -> candidateWeight(x) == 60);
            h.advance(Duration.ofMinutes(10));
            h.await("restart", "steady-v2", "promoted", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertEquals(v2, registry.aliasVersion("steady", "production"));
        }
    }
}
