package io.mlctl.operator.strategy;

import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.Samples;
import io.mlctl.api.experiment.Verdict;
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
import static io.mlctl.operator.testing.Rollouts.preset;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The A/B test's decisions from the spec, the status, the time and the experiment's report (or its absence). */
class AbTestRunTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static ModelRollout ab(String name) {
        ModelRollout r = rollout("ml", name, "ranker", "5", new StrategySpec(null, null, new StrategySpec.AbTestStrategy(20,
                new StrategySpec.AbMetric("ctr", null, 0.1, 0.05, null, null), null, null, "7d", null)),
                guardrails(0, 0, null, preset("p99", "latency-p99", 250)), false);
        r.getMetadata().setUid("3f2a9c1e-0000-4000-8000-000000000000");
        ModelRolloutStatus s = new ModelRolloutStatus();
        s.setBaselineVersion(4);
        s.setCandidateVersion(5);
        s.setExperimentId("ranker-ab-3f2a9c1e");
        s.setStepStartedAt(T0);
        r.setStatus(s);
        return r;
    }

    static StrategyContext at(ModelRollout r, Duration sinceT0) {
        return new StrategyContext(r, r.getStatus(), T0.plus(sinceT0));
    }

    static ExperimentReport says(Verdict verdict, long control, long treatment) {
        return new ExperimentReport("ranker-ab-3f2a9c1e", "ranker", null, T0, null, T0, verdict, "the reason", null,
                new Samples(Map.of("control", 8000L, "treatment", 8000L), Map.of("control", control, "treatment", treatment)),
                null, 0.05, 0.8, 8000, null, List.of(), List.of());
    }

    static void p99(ModelRollout r, GuardrailResult result, Duration sinceT0) {
        r.getStatus().setGuardrails(List.of(new GuardrailStatus("p99", 120.0, result, 0, 0,
                result == GuardrailResult.FAILED ? "above its max" : null, T0.plus(sinceT0), null)));
    }

    @Test
    void keepsRunningWithTheSplitAndRecordsTheSamples() {
        ModelRollout r = ab("ranker-ab");
        Decision.Continue c = assertInstanceOf(Decision.Continue.class,
                AbTestRun.judge(at(r, Duration.ofDays(1)), says(Verdict.KEEP_RUNNING, 1200, 1187), null));
        assertEquals(TrafficPlan.split(20, "x-mlctl-arm"), c.traffic());
        assertEquals("A/B test: control 1200/8000, treatment 1187/8000 samples; experiment ranker-ab-3f2a9c1e says KEEP_RUNNING:"
                + " the reason; ends at the latest at " + T0.plus(Duration.ofDays(7)), c.message());
        assertEquals(Map.of("control", 1200L, "treatment", 1187L), r.getStatus().getSamples().observed());
    }

    @Test
    void shipPromotesOnlyWithGuardrailsPassedSinceTheTestBegan() {
        ModelRollout r = ab("ranker-ab");
        p99(r, GuardrailResult.PASSED, Duration.ZERO); // judged when the test began, not since
        Decision.Continue waiting = assertInstanceOf(Decision.Continue.class,
                AbTestRun.judge(at(r, Duration.ofDays(2)), says(Verdict.SHIP, 8000, 8000), null));
        assertTrue(waiting.message().endsWith("waiting for guardrails to pass (p99: not judged yet)"), waiting.message());
        p99(r, GuardrailResult.FAILED, Duration.ofDays(2));
        waiting = assertInstanceOf(Decision.Continue.class, AbTestRun.judge(at(r, Duration.ofDays(2)), says(Verdict.SHIP, 8000, 8000), null));
        assertTrue(waiting.message().endsWith("waiting for guardrails to pass (p99: above its max)"), waiting.message());
        p99(r, GuardrailResult.PASSED, Duration.ofDays(2));
        Decision.Promote p = assertInstanceOf(Decision.Promote.class, AbTestRun.judge(at(r, Duration.ofDays(2)), says(Verdict.SHIP, 8000, 8000), null));
        assertEquals("experiment ranker-ab-3f2a9c1e says SHIP: the reason", p.message());
    }

    @Test
    void refusalsAndTheMaxDurationRollBackWithTheirReasons() {
        ModelRollout r = ab("ranker-ab");
        assertEquals("experiment_dont_ship", assertInstanceOf(Decision.Rollback.class,
                AbTestRun.judge(at(r, Duration.ofDays(3)), says(Verdict.DONT_SHIP, 8000, 8000), null)).reason());
        assertEquals("experiment_guardrail_breached", assertInstanceOf(Decision.Rollback.class,
                AbTestRun.judge(at(r, Duration.ofDays(3)), says(Verdict.GUARDRAIL_BREACHED, 900, 880), null)).reason());
        Decision.Rollback expired = assertInstanceOf(Decision.Rollback.class,
                AbTestRun.judge(at(r, Duration.ofDays(7)), says(Verdict.KEEP_RUNNING, 5000, 5000), null));
        assertEquals("max_duration", expired.reason());
        assertTrue(expired.message().startsWith("maxDuration 7d reached without a SHIP verdict"), expired.message());
    }

    @Test
    void anUnreadableReportRetriesUntilTheMaxDuration() {
        ModelRollout r = ab("ranker-ab");
        Decision.Continue retry = assertInstanceOf(Decision.Continue.class, AbTestRun.judge(at(r, Duration.ofDays(1)), null, "503"));
        assertEquals(Duration.ofSeconds(30), retry.wakeUpIn());
        assertEquals("A/B test ranker-ab-3f2a9c1e: cannot read the report (503); retrying", retry.message());
        Decision.Rollback late = assertInstanceOf(Decision.Rollback.class, AbTestRun.judge(at(r, Duration.ofDays(7)), null, "503"));
        assertEquals("maxDuration 7d reached and the experiment report is unavailable (503)", late.message());
    }

    @Test
    void theExperimentIsNamedAfterTheRolloutAndArmedWithItsVersions() {
        assertEquals("ranker-ab-3f2a9c1e", AbTestRun.experimentName(ab("ranker-ab")));
        String longName = AbTestRun.experimentName(ab("r".repeat(70)));
        assertEquals(63, longName.length());
        assertTrue(longName.endsWith("-3f2a9c1e"), longName);

        ExperimentRequest req = AbTestRun.request(ab("ranker-ab"), "ranker-ab-3f2a9c1e");
        assertEquals(List.of(new ArmSpec("control", "4", 80), new ArmSpec("treatment", "5", 20)), req.arms());
        assertEquals(MetricType.proportion, req.metrics().get(0).type());
        assertEquals(0.05, req.alpha());
        assertEquals("7d", req.maxDuration());
    }
}
