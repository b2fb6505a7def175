package io.mlctl.operator.strategy;

import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.guardrails;
import static io.mlctl.operator.testing.Rollouts.preset;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canary's decisions from the spec, the status and the time alone (the harness tests run them in a cluster). */
class CanaryRunTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    final CanaryRun canary = new CanaryRun();

    static ModelRollout threeSteps(boolean withGuardrail) {
        ModelRollout r = rollout("ml", "fraud-v2", "fraud", "2", canary("5:10m", "25:30m", "50:30m"),
                withGuardrail ? guardrails(0, 0, null, preset("p99", "latency-p99", 250)) : null, false);
        r.setStatus(new ModelRolloutStatus());
        return r;
    }

    static StrategyContext at(ModelRollout r, Duration sinceT0) {
        return new StrategyContext(r, r.getStatus(), T0.plus(sinceT0));
    }

    static void judged(ModelRollout r, GuardrailResult result, Duration sinceT0) {
        r.getStatus().setGuardrails(List.of(new GuardrailStatus("p99", 100.0, result, 0, 0, null, T0.plus(sinceT0), null)));
    }

    @Test
    void startsAtTheFirstStepAndWakesUpForTheNextGuardrailJudgement() {
        ModelRollout r = threeSteps(true);
        Decision.Continue c = assertInstanceOf(Decision.Continue.class, canary.start(at(r, Duration.ZERO)));
        assertEquals(TrafficPlan.canary(5), c.traffic());
        assertEquals(0, r.getStatus().getStep());
        assertEquals(T0, r.getStatus().getStepStartedAt());
        assertEquals("canary step 1/3: 5% to the candidate; next step at " + T0.plus(Duration.ofMinutes(10)), c.message());
        assertEquals(Duration.ofMinutes(1), c.wakeUpIn(), "the guardrail interval (1m) comes before the end of the 10m pause");
    }

    @Test
    void holdsTheStepUntilItsPauseIsOver() {
        ModelRollout r = threeSteps(false);
        canary.start(at(r, Duration.ZERO));
        Decision.Continue c = assertInstanceOf(Decision.Continue.class, canary.progress(at(r, Duration.ofSeconds(570))));
        assertEquals(TrafficPlan.canary(5), c.traffic());
        assertEquals(Duration.ofSeconds(30), c.wakeUpIn(), "the pause's end is due before the next interval");
        assertEquals(0, r.getStatus().getStep());
    }

    @Test
    void movesOnOnlyWithGuardrailsPassedSinceTheStepBegan() {
        ModelRollout r = threeSteps(true);
        canary.start(at(r, Duration.ZERO));
        judged(r, GuardrailResult.PASSED, Duration.ZERO);
        Decision.Continue waiting = assertInstanceOf(Decision.Continue.class, canary.progress(at(r, Duration.ofMinutes(10))));
        assertTrue(waiting.message().endsWith("pause over, waiting for guardrails to pass (p99: not judged yet)"), waiting.message());
        assertEquals(0, r.getStatus().getStep());

        judged(r, GuardrailResult.INCONCLUSIVE, Duration.ofMinutes(10));
        waiting = assertInstanceOf(Decision.Continue.class, canary.progress(at(r, Duration.ofMinutes(10))));
        assertTrue(waiting.message().contains("waiting for guardrails to pass (p99: Inconclusive)"), waiting.message());

        judged(r, GuardrailResult.PASSED, Duration.ofMinutes(11));
        Decision.Continue next = assertInstanceOf(Decision.Continue.class, canary.progress(at(r, Duration.ofMinutes(11))));
        assertEquals(TrafficPlan.canary(25), next.traffic());
        assertEquals(1, r.getStatus().getStep());
        assertEquals(T0.plus(Duration.ofMinutes(11)), r.getStatus().getStepStartedAt());
    }

    @Test
    void promotesAfterTheLastStepWithoutGuardrailsToWaitFor() {
        ModelRollout r = threeSteps(false);
        canary.start(at(r, Duration.ZERO));
        assertEquals(TrafficPlan.canary(25), ((Decision.Continue) canary.progress(at(r, Duration.ofMinutes(10)))).traffic());
        assertEquals(TrafficPlan.canary(50), ((Decision.Continue) canary.progress(at(r, Duration.ofMinutes(40)))).traffic());
        Decision.Continue last = assertInstanceOf(Decision.Continue.class, canary.progress(at(r, Duration.ofMinutes(41))));
        assertTrue(last.message().endsWith("next promotion at " + T0.plus(Duration.ofMinutes(70))), last.message());
        Decision.Promote p = assertInstanceOf(Decision.Promote.class, canary.progress(at(r, Duration.ofMinutes(70))));
        assertEquals("all 3 canary steps passed with guardrails passing", p.message());
    }

    @Test
    void currentTrafficIsTheWeightTheStatusRecorded() {
        ModelRollout r = threeSteps(false);
        assertEquals(TrafficPlan.canary(0), canary.currentTraffic(r), "nothing recorded yet: nothing to the candidate");
        r.getStatus().setWeights(ModelRolloutStatus.Weights.candidate(25));
        assertEquals(TrafficPlan.canary(25), canary.currentTraffic(r));
    }
}
