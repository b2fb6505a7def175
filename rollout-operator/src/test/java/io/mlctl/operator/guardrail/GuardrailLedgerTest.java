package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The counters behind failureLimit: a fresh measurement (a Prometheus query) counts every time it fails; a value
 * read again from the same drift report counts once, so one drifted window is one failure whatever the interval.
 */
class GuardrailLedgerTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final GuardrailMetric PSI = new GuardrailMetric("amount-psi", null, null, new DriftGuardrail("amount", "psi"), null, 0.2);
    static final GuardrailMetric LATENCY = new GuardrailMetric("p99", "latency-p99", null, null, null, 250.0);

    private static List<GuardrailStatus> judge(List<GuardrailStatus> before, Reading psi, Reading latency, int minute) {
        List<Measurement> m = List.of(GuardrailEvaluator.judge(PSI, psi), GuardrailEvaluator.judge(LATENCY, latency));
        return GuardrailLedger.record(List.of(PSI, LATENCY), before, m, T0.plusSeconds(60L * minute));
    }

    @Test
    void theSameDriftReportCountsOnceAFreshQueryEveryTime() {
        List<GuardrailStatus> s = judge(List.of(), new Reading.Value(0.4, "drift report 7"), new Reading.Value(300), 1);
        s = judge(s, new Reading.Value(0.4, "drift report 7"), new Reading.Value(310), 2);
        s = judge(s, new Reading.Value(0.4, "drift report 7"), new Reading.Value(320), 3);
        assertEquals(1, s.get(0).failuresOrZero(), s.get(0).toString());
        assertEquals("drift report 7", s.get(0).evidence());
        assertEquals(GuardrailResult.FAILED, s.get(0).result());
        assertEquals(3, s.get(1).failuresOrZero(), "each query is a new measurement");

        // the next window's report is new evidence
        s = judge(s, new Reading.Value(0.5, "drift report 8"), new Reading.Value(100), 4);
        assertEquals(2, s.get(0).failuresOrZero());
        s = judge(s, new Reading.Value(0.1, "drift report 9"), new Reading.Value(100), 5);
        assertEquals(GuardrailResult.PASSED, s.get(0).result());
        assertEquals(2, s.get(0).failuresOrZero(), "a pass does not undo failures (counted over the whole rollout)");

        // no report at all is inconclusive at every interval, like any missing data
        s = judge(s, new Reading.Missing("no data"), new Reading.Value(100), 6);
        s = judge(s, new Reading.Missing("no data"), new Reading.Value(100), 7);
        assertEquals(2, s.get(0).inconclusiveOrZero());
        assertEquals(null, s.get(0).evidence());
    }
}
