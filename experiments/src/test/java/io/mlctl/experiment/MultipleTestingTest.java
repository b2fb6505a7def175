package io.mlctl.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected values worked by hand from the definitions (they agree with R's p.adjust). */
class MultipleTestingTest {
    private static final double[] P = {0.01, 0.04, 0.03, 0.005, 0.2, 0.5};

    @Test
    void holm() {
        assertArrayEquals(new double[]{0.05, 0.12, 0.12, 0.03, 0.4, 0.5}, MultipleTesting.holm(P), 1e-12);
    }

    @Test
    void benjaminiHochberg() {
        assertArrayEquals(new double[]{0.03, 0.06, 0.06, 0.03, 0.24, 0.5}, MultipleTesting.benjaminiHochberg(P), 1e-12);
    }

    @Test
    void capsAtOneAndKeepsSingleValues() {
        assertArrayEquals(new double[]{1, 1}, MultipleTesting.holm(0.6, 0.9), 0);
        assertArrayEquals(new double[]{0.02}, MultipleTesting.benjaminiHochberg(0.02), 0);
        assertArrayEquals(new double[0], MultipleTesting.holm(), 0);
    }

    @Test
    void rejectsNonProbabilities() {
        assertThrows(ExperimentInputException.class, () -> MultipleTesting.holm(0.1, 1.2));
        assertThrows(ExperimentInputException.class, () -> MultipleTesting.benjaminiHochberg(Double.NaN));
    }
}
