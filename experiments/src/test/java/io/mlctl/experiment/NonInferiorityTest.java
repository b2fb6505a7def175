package io.mlctl.experiment;

import org.junit.jupiter.api.Test;

import static io.mlctl.experiment.NonInferiority.Outcome.BREACHED;
import static io.mlctl.experiment.NonInferiority.Outcome.INCONCLUSIVE;
import static io.mlctl.experiment.NonInferiority.Outcome.NON_INFERIOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NonInferiorityTest {

    @Test
    void higherIsBetter() {
        // control rate 0.10, margin 5% of it = 0.005 tolerated loss
        assertEquals(NON_INFERIOR, NonInferiority.check(new Interval(-0.004, 0.01), 0.10, 0.05, Direction.INCREASE).outcome());
        assertEquals(INCONCLUSIVE, NonInferiority.check(new Interval(-0.006, 0.01), 0.10, 0.05, Direction.INCREASE).outcome());
        assertEquals(BREACHED, NonInferiority.check(new Interval(-0.02, -0.006), 0.10, 0.05, Direction.INCREASE).outcome());
    }

    @Test
    void lowerIsBetter() {
        // latency 200 ms, 10% margin: 20 ms slower is tolerated
        assertEquals(NON_INFERIOR, NonInferiority.check(new Interval(-5, 15), 200, 0.1, Direction.DECREASE).outcome());
        assertEquals(BREACHED, NonInferiority.check(new Interval(25, 40), 200, 0.1, Direction.DECREASE).outcome());
        assertEquals(INCONCLUSIVE, NonInferiority.check(new Interval(10, 30), 200, 0.1, Direction.DECREASE).outcome());
        assertEquals(20, NonInferiority.check(new Interval(10, 30), 200, 0.1, Direction.DECREASE).allowedDegradation(), 1e-12);
    }

    @Test
    void zeroMarginBreachesOnAnySignificantHarm() {
        assertEquals(BREACHED, NonInferiority.check(new Interval(-0.02, -0.001), 0.1, 0, Direction.INCREASE).outcome());
        assertEquals(INCONCLUSIVE, NonInferiority.check(new Interval(-0.02, 0.001), 0.1, 0, Direction.INCREASE).outcome());
    }

    @Test
    void negativeMarginIsRejected() {
        assertThrows(ExperimentInputException.class,
                () -> NonInferiority.check(new Interval(0, 1), 1, -0.1, Direction.INCREASE));
    }
}
