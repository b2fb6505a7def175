package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.mlctl.experiment.Fixtures.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Two-proportion z-tests, Welch t-tests and delta-method lifts against the SciPy fixtures. */
class FixedHorizonTestsTest {

    static List<JsonNode> proportions() {
        return Fixtures.section("proportion_tests");
    }

    static List<JsonNode> means() {
        return Fixtures.section("mean_tests");
    }

    @ParameterizedTest
    @MethodSource("proportions")
    void twoProportionZTest(JsonNode c) {
        Comparison r = TwoProportionTest.compare(c.at("/control/users").asLong(), c.at("/control/conversions").asLong(),
                c.at("/treatment/users").asLong(), c.at("/treatment/conversions").asLong(), c.get("alpha").asDouble());
        close(c.at("/expected/z").asDouble(), r.statistic(), "z");
        assertMatches(c.get("expected"), r);
    }

    @ParameterizedTest
    @MethodSource("means")
    void welchTTest(JsonNode c) {
        Comparison r = WelchTest.compare(summary(c.get("control")), summary(c.get("treatment")), c.get("alpha").asDouble());
        close(c.at("/expected/t").asDouble(), r.statistic(), "t");
        close(c.at("/expected/df").asDouble(), r.degreesOfFreedom(), "df");
        assertMatches(c.get("expected"), r);
    }

    /** The fields both kinds of test share: p-value, difference and lift with their intervals. */
    private static void assertMatches(JsonNode e, Comparison r) {
        close(e.get("p_value").asDouble(), r.pValue(), "p");
        close(e.get("diff").asDouble(), r.difference(), "diff");
        close(e.at("/diff_ci/0").asDouble(), r.differenceInterval().lower(), "diff lower");
        close(e.at("/diff_ci/1").asDouble(), r.differenceInterval().upper(), "diff upper");
        close(e.get("relative_lift").asDouble(), r.relativeLift(), "lift");
        close(e.at("/relative_lift_ci/0").asDouble(), r.relativeLiftInterval().lower(), "lift lower");
        close(e.at("/relative_lift_ci/1").asDouble(), r.relativeLiftInterval().upper(), "lift upper");
    }

    @Test
    void summaryFromRunningSumsIsTheSampleMeanAndSd() {
        double[] x = {3, 5, 8, 13, 21};
        double sum = 0;
        double sq = 0;
        for (double v : x) {
            sum += v;
            sq += v * v;
        }
        ArmSummary s = ArmSummary.fromSums(x.length, sum, sq);
        close(10, s.mean(), "mean");
        close(Math.sqrt(52.0), s.sd(), "sd"); // squared deviations 49+25+4+9+121 = 208, / (n - 1)
    }

    @Test
    void identicalArmsWithoutVariance() {
        Comparison r = TwoProportionTest.compare(100, 0, 100, 0, 0.05);
        assertEquals(1, r.pValue());
        assertEquals(0, r.difference());
    }

    @Test
    void badInput() {
        assertThrows(ExperimentInputException.class, () -> TwoProportionTest.compare(100, 101, 100, 5, 0.05));
        assertThrows(ExperimentInputException.class, () -> TwoProportionTest.compare(0, 0, 100, 5, 0.05));
        assertThrows(ExperimentInputException.class, () -> TwoProportionTest.compare(100, 5, 100, 5, 2));
        assertThrows(ExperimentInputException.class, () -> WelchTest.compare(new ArmSummary(1, 1, 0), new ArmSummary(5, 1, 1), 0.05));
    }

    private static ArmSummary summary(JsonNode arm) {
        return new ArmSummary(arm.get("n").asLong(), arm.get("mean").asDouble(), arm.get("sd").asDouble());
    }
}
