package io.mlctl.operator.strategy;

import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.StrategySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mlctl.operator.testing.Rollouts.guardrails;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shadow's decisions from the spec, the status, the time and the control plane's comparison (or its absence). */
class ShadowRunTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static ModelRollout shadow(Integer mirror, String duration, Long minSamples) {
        ModelRollout r = rollout("ml", "scorer-v2", "scorer", "2", new StrategySpec(null,
                new StrategySpec.ShadowStrategy(mirror, duration, minSamples), null), guardrails(0, 0, null,
                new io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric("psi", null, null,
                        new io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail("__prediction__", "psi"), null, 0.2)), false);
        ModelRolloutStatus s = new ModelRolloutStatus();
        s.setBaselineVersion(1);
        s.setCandidateVersion(2);
        s.setStepStartedAt(T0);
        r.setStatus(s);
        return r;
    }

    static StrategyContext at(ModelRollout r, Duration sinceT0) {
        return new StrategyContext(r, r.getStatus(), T0.plus(sinceT0));
    }

    static PredictionComparison compared(long baseline, long candidate) {
        return new PredictionComparison("scorer", 1, 2, T0, T0.plusSeconds(60), baseline, candidate, 0.01, 0.01, 0.02, 0.9,
                candidate, 0.97, "numbers in the same bin", "ok");
    }

    static void psiPassed(ModelRollout r, Duration sinceT0) {
        r.getStatus().setGuardrails(List.of(new GuardrailStatus("psi", 0.01, GuardrailResult.PASSED, 0, 0, null, T0.plus(sinceT0), null)));
    }

    @Test
    void startMirrorsAndSaysWhenItEnds() {
        ModelRollout r = shadow(null, "1h", 5000L);
        r.getStatus().setStepStartedAt(null);
        Decision.Continue c = assertInstanceOf(Decision.Continue.class, new ShadowRun(null).start(at(r, Duration.ZERO)));
        assertEquals(TrafficPlan.mirror(100), c.traffic());
        assertEquals("shadow: mirroring 100% of requests to the candidate until 5000 predictions are compared or 1h passed", c.message());
        assertEquals(T0, r.getStatus().getStepStartedAt());
        assertEquals(0, r.getStatus().getStep());
    }

    @Test
    void countsComparedPredictionsIntoTheStatusUntilEnough() {
        ModelRollout r = shadow(50, "1h", 5000L);
        Decision.Continue c = assertInstanceOf(Decision.Continue.class, ShadowRun.judge(at(r, Duration.ofMinutes(20)), compared(2100, 2000), null));
        assertEquals(TrafficPlan.mirror(50), c.traffic());
        assertEquals("shadow: mirroring 50% to the candidate; 2000/5000 predictions compared, ends at the latest at "
                + T0.plus(Duration.ofHours(1)), c.message());
        assertEquals(Map.of("baseline", 2100L, "candidate", 2000L), r.getStatus().getSamples().observed());
        assertEquals(Map.of("candidate", 5000L), r.getStatus().getSamples().required());
        assertEquals(Duration.ofMinutes(1), c.wakeUpIn());
    }

    @Test
    void enoughSamplesPromoteOnceGuardrailsPassedSinceTheShadowBegan() {
        ModelRollout r = shadow(null, "1h", 5000L);
        psiPassed(r, Duration.ZERO); // judged when the shadow began, not since
        Decision.Continue waiting = assertInstanceOf(Decision.Continue.class,
                ShadowRun.judge(at(r, Duration.ofMinutes(30)), compared(5200, 5000), null));
        assertTrue(waiting.message().endsWith("5000 predictions compared; waiting for guardrails to pass (psi: not judged yet)"),
                waiting.message());
        psiPassed(r, Duration.ofMinutes(30));
        Decision.Promote p = assertInstanceOf(Decision.Promote.class, ShadowRun.judge(at(r, Duration.ofMinutes(30)), compared(5200, 5000), null));
        assertEquals("shadow passed: 5000 predictions compared with guardrails passing", p.message());
    }

    @Test
    void aGuardrailNotJudgedYetHoldsThePromotion() {
        ModelRollout r = shadow(null, "1h", 200L);
        r.getStatus().setGuardrails(List.of()); // enough samples before the first judgement (one interval in)
        Decision.Continue waiting = assertInstanceOf(Decision.Continue.class,
                ShadowRun.judge(at(r, Duration.ofSeconds(30)), compared(200, 200), null));
        assertTrue(waiting.message().endsWith("waiting for guardrails to pass (psi: not judged yet)"), waiting.message());
    }

    @Test
    void theDurationEndsItAndNothingComparedIsInconclusiveNeverAPromotion() {
        ModelRollout r = shadow(null, "1h", null);
        psiPassed(r, Duration.ofMinutes(59));
        Decision.Inconclusive i = assertInstanceOf(Decision.Inconclusive.class, ShadowRun.judge(at(r, Duration.ofHours(1)), compared(900, 0), null));
        assertEquals("shadow ran for 1h without a single mirrored prediction to compare", i.message());
        assertInstanceOf(Decision.Promote.class, ShadowRun.judge(at(r, Duration.ofHours(1)), compared(900, 850), null));
    }

    @Test
    void anUnreadableComparisonWaitsUntilTimeIsUpThenJudgesTheLastCounts() {
        ModelRollout r = shadow(null, "1h", 5000L);
        Decision.Continue c = assertInstanceOf(Decision.Continue.class,
                ShadowRun.judge(at(r, Duration.ofMinutes(10)), null, "connection refused"));
        assertTrue(c.message().endsWith("cannot read the comparison from the control plane (connection refused)"), c.message());

        ShadowRun.judge(at(r, Duration.ofMinutes(50)), compared(1300, 1200), null);
        psiPassed(r, Duration.ofMinutes(59));
        Decision.Promote p = assertInstanceOf(Decision.Promote.class, ShadowRun.judge(at(r, Duration.ofHours(1)), null, "connection refused"));
        assertEquals("shadow passed: shadow ran for 1h with guardrails passing", p.message());
    }
}
