package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;

import static io.mlctl.experiment.Fixtures.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidenceSequenceTest {

    static List<JsonNode> cases() {
        return Fixtures.section("sequential");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void intervalMatchesFixture(JsonNode c) {
        double diff = c.get("diff").asDouble();
        double se = c.get("se").asDouble();
        long n = c.get("n_total").asLong();
        long nStar = c.get("n_star").asLong();
        double alpha = c.get("alpha").asDouble();
        Interval ci = ConfidenceSequence.interval(diff, se, n, nStar, alpha);
        close(c.at("/expected/ci/0").asDouble(), ci.lower(), "lower");
        close(c.at("/expected/ci/1").asDouble(), ci.upper(), "upper");
        close(c.at("/expected/half_width").asDouble(), ConfidenceSequence.halfWidth(se, n, nStar, alpha), "half width");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pValueIsWhereTheSequenceTouchesZero(JsonNode c) {
        double se = c.get("se").asDouble();
        long n = c.get("n_total").asLong();
        double alpha = c.get("alpha").asDouble();
        // a difference exactly on the boundary at alpha has p-value alpha
        double diff = ConfidenceSequence.halfWidth(se, n, ConfidenceSequence.DEFAULT_N_STAR, alpha);
        close(alpha, ConfidenceSequence.pValue(diff, se, n, ConfidenceSequence.DEFAULT_N_STAR, alpha), "p at boundary");
    }

    @Test
    void widerThanTheFixedHorizonInterval() {
        double z = StandardNormal.quantile(0.975);
        for (long n : new long[]{100, 5000, 1_000_000}) {
            assertTrue(ConfidenceSequence.halfWidth(1, n, 5000, 0.05) > z);
        }
        assertEquals(1, ConfidenceSequence.pValue(0, 0.1, 1000, 5000, 0.05));
    }

    /**
     * Peeking: under no effect, looking after every 200 units up to 20,000 and stopping at the first p < alpha
     * stays below alpha for the sequence (it would reach roughly 30% with the fixed-horizon test).
     */
    @Test
    void continuousMonitoringKeepsTheErrorRate() {
        SplittableRandom rnd = new SplittableRandom(7);
        int runs = 300;
        int falseAlarms = 0;
        for (int r = 0; r < runs; r++) {
            double sum = 0;
            double sq = 0;
            for (int t = 1; t <= 20_000; t++) {
                double x = rnd.nextGaussian() - rnd.nextGaussian(); // one pair: treatment minus control, true diff 0
                sum += x;
                sq += x * x;
                if (t % 200 == 0) {
                    double mean = sum / t;
                    double se = Math.sqrt((sq / t - mean * mean) / t);
                    if (ConfidenceSequence.pValue(mean, se, 2L * t, 5000, 0.05) < 0.05) {
                        falseAlarms++;
                        break;
                    }
                }
            }
        }
        assertTrue(falseAlarms < runs * 0.05, falseAlarms + " false alarms in " + runs);
    }

    @Test
    void badInput() {
        assertThrows(ExperimentInputException.class, () -> ConfidenceSequence.halfWidth(-1, 10, 5000, 0.05));
        assertThrows(ExperimentInputException.class, () -> ConfidenceSequence.halfWidth(1, 0, 5000, 0.05));
        assertThrows(ExperimentInputException.class, () -> ConfidenceSequence.halfWidth(1, 10, 0, 0.05));
        assertThrows(ExperimentInputException.class, () -> ConfidenceSequence.halfWidth(1, 10, 5000, 1));
    }
}
