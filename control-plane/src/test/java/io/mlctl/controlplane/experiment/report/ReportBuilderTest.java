package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Correction;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.Samples;
import io.mlctl.api.experiment.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report and verdict over hand-made sufficient statistics (no database). */
public class ReportBuilderTest {
    public static final LocalDate DAY1 = LocalDate.of(2026, 11, 20);
    static final LocalDate DAY2 = DAY1.plusDays(1);
    public static final MetricSpec CONVERSION = new MetricSpec("conversion", MetricType.proportion, MetricRole.primary,
            MetricDirection.increase, 0.10, null, 0.20, null, null);
    public static final MetricSpec LATENCY = new MetricSpec("latency-ms", MetricType.mean, MetricRole.guardrail,
            MetricDirection.decrease, null, null, null, null, 0.05);

    public static Experiment experiment(ExperimentStatus status, MetricSpec... metrics) {
        return new Experiment("fraud-ab", "fraud", null,
                List.of(new ArmSpec("control", "7", 50), new ArmSpec("treatment", "8", 50)), List.of(metrics),
                0.05, 0.8, "salt", null, 5000, Correction.holm, status, Instant.EPOCH, null,
                status == ExperimentStatus.stopped ? Instant.EPOCH : null, null, new Samples(Map.of(), Map.of()));
    }

    /** Exposures and conversions split over two days (half each). */
    public static StatsHistory conversions(long nc, long xc, long nt, long xt) {
        StatsHistory h = new StatsHistory();
        h.addExposures("control", DAY1, nc / 2);
        h.addExposures("control", DAY2, nc - nc / 2);
        h.addExposures("treatment", DAY1, nt / 2);
        h.addExposures("treatment", DAY2, nt - nt / 2);
        h.addValues("conversion", "control", DAY1, xc / 2, xc / 2);
        h.addValues("conversion", "control", DAY2, xc - xc / 2, xc - xc / 2);
        h.addValues("conversion", "treatment", DAY1, xt / 2, xt / 2);
        h.addValues("conversion", "treatment", DAY2, xt - xt / 2, xt - xt / 2);
        return h;
    }

    public static ExperimentReport report(Experiment e, StatsHistory h) {
        return ReportBuilder.build(e, h, Instant.parse("2026-11-22T00:00:00Z"));
    }

    @Test
    void knownEffectWithEnoughSamplesShips() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(10000, 1000, 10000, 1200));
        assertEquals(Verdict.SHIP, r.verdict(), r.reason());
        assertEquals("treatment", r.winner());
        assertTrue(r.reason().startsWith("'treatment' wins on conversion: relative lift +20.0%"), r.reason());
        assertEquals(3841, r.samples().required().get("control"));
        assertEquals(10000, r.samples().observed().get("treatment"));
        ArmResult t = r.metrics().get(0).arms().get(1);
        assertEquals(0.12, t.rate(), 1e-12);
        assertEquals(1200, t.conversions());
        assertTrue(t.achievedPower() > 0.99);
        assertEquals("WIN", t.outcome());
    }

    @Test
    void statisticsMatchTheFixtureCase() {
        // shared/fixtures/experiments/cases.json, proportion_tests[0]: 1000/10000 vs 1100/10000
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(10000, 1000, 10000, 1100));
        ArmResult t = r.metrics().get(0).arms().get(1);
        assertEquals(0.021075189273797826, t.pValue(), 1e-12);
        assertEquals(0.001504059131512114, t.differenceInterval().lower(), 1e-12);
        assertEquals(0.1891298874743788, t.relativeLiftInterval().upper(), 1e-12);
        assertEquals(t.pValue(), t.adjustedPValue(), 0); // one primary comparison: Holm changes nothing
        assertTrue(t.sequentialPValue() > t.pValue(), "the sequential p-value pays for peeking");
        assertTrue(t.confidenceSequence().lower() < t.differenceInterval().lower());
    }

    @Test
    void nullEffectAfterThePlannedSamplesDoesNotShip() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(10000, 1000, 10000, 1010));
        assertEquals(Verdict.DONT_SHIP, r.verdict(), r.reason());
        assertTrue(r.reason().startsWith("No significant effect on conversion"), r.reason());
        assertEquals("FLAT", r.metrics().get(0).outcome());
    }

    @Test
    void beforeThePlannedSamplesItKeepsRunning() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(1000, 100, 1000, 110));
        assertEquals(Verdict.KEEP_RUNNING, r.verdict(), r.reason());
        assertTrue(r.reason().contains("control 1000/3841, treatment 1000/3841"), r.reason());
        assertEquals("PENDING", r.metrics().get(0).arms().get(1).outcome());
    }

    @Test
    void aClearEffectShipsEarlyThroughTheConfidenceSequence() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(3000, 300, 3000, 480));
        assertEquals(Verdict.SHIP, r.verdict(), r.reason());
        assertTrue(r.reason().contains("confidence sequence") && r.reason().contains("before the planned samples"), r.reason());
    }

    @Test
    void aClearLossDoesNotShip() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(3000, 300, 3000, 150));
        assertEquals(Verdict.DONT_SHIP, r.verdict(), r.reason());
        assertTrue(r.reason().startsWith("'treatment' is worse on conversion"), r.reason());
    }

    @Test
    void sampleRatioMismatchOverridesEverything() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(50900, 5090, 49100, 5900));
        assertEquals(Verdict.DONT_SHIP, r.verdict(), r.reason());
        assertTrue(r.srm().evaluated() && r.srm().mismatch());
        assertTrue(r.reason().startsWith("Sample ratio mismatch"), r.reason());
    }

    @Test
    void srmIsNotJudgedOnAHandfulOfUnits() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(6, 1, 1, 0));
        assertFalse(r.srm().evaluated());
        assertNull(r.srm().pValue());
    }

    @Test
    void guardrailBreachBlocksAWinner() {
        StatsHistory h = conversions(10000, 1000, 10000, 1200);
        // latency: control mean 200 ms sd ~20, treatment 230 ms: far beyond the 5% (10 ms) tolerance
        h.addValues("latency-ms", "control", DAY1, 200.0 * 10000, 10000 * (200.0 * 200 + 400));
        h.addValues("latency-ms", "treatment", DAY1, 230.0 * 10000, 10000 * (230.0 * 230 + 400));
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION, LATENCY), h);
        assertEquals(Verdict.GUARDRAIL_BREACHED, r.verdict(), r.reason());
        assertTrue(r.reason().startsWith("Guardrail 'latency-ms' breached in 'treatment'"), r.reason());
        assertEquals("BREACHED", r.metrics().get(1).outcome());
        assertEquals(230, r.metrics().get(1).arms().get(1).mean(), 1e-9);
    }

    @Test
    void guardrailWithinToleranceLetsItShip() {
        StatsHistory h = conversions(10000, 1000, 10000, 1200);
        h.addValues("latency-ms", "control", DAY1, 200.0 * 10000, 10000 * (200.0 * 200 + 400));
        h.addValues("latency-ms", "treatment", DAY1, 201.0 * 10000, 10000 * (201.0 * 201 + 400));
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION, LATENCY), h);
        assertEquals(Verdict.SHIP, r.verdict(), r.reason());
        assertEquals("NON_INFERIOR", r.metrics().get(1).outcome());
    }

    @Test
    void stoppedBeforeTheSamplesDoesNotShip() {
        ExperimentReport r = report(experiment(ExperimentStatus.stopped, CONVERSION), conversions(1000, 100, 1000, 110));
        assertEquals(Verdict.DONT_SHIP, r.verdict(), r.reason());
        assertTrue(r.reason().contains("before reaching the planned samples"), r.reason());
    }

    @Test
    void nothingYet() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), new StatsHistory());
        assertEquals(Verdict.KEEP_RUNNING, r.verdict());
        assertTrue(r.timeline().isEmpty());
    }

    @Test
    void timelineIsCumulativePerDay() {
        ExperimentReport r = report(experiment(ExperimentStatus.running, CONVERSION), conversions(10000, 1000, 10000, 1200));
        assertEquals(2, r.timeline().size());
        assertEquals(DAY1, r.timeline().get(0).day());
        assertEquals(5000, r.timeline().get(0).controlUnits());
        assertEquals(10000, r.timeline().get(1).armUnits());
        assertEquals(0.2, r.timeline().get(1).relativeLift(), 1e-12);
        // the sequence narrows as units accumulate
        double w1 = r.timeline().get(0).confidenceSequence().upper() - r.timeline().get(0).confidenceSequence().lower();
        double w2 = r.timeline().get(1).confidenceSequence().upper() - r.timeline().get(1).confidenceSequence().lower();
        assertTrue(w2 < w1);
    }
}
