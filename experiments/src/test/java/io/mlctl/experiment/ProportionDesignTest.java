package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProportionDesignTest {

    static List<JsonNode> cases() {
        return Fixtures.section("sample_size_proportions");
    }

    static ProportionDesign design(JsonNode c) {
        double alpha = c.get("alpha").asDouble();
        double power = c.get("power").asDouble();
        double k = c.get("allocation_ratio").asDouble();
        return c.get("mde_absolute").isNull()
                ? ProportionDesign.relative(c.get("baseline").asDouble(), c.get("mde_relative").asDouble(), alpha, power, k)
                : ProportionDesign.absolute(c.get("baseline").asDouble(), c.get("mde_absolute").asDouble(), alpha, power, k);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sampleSizeMatchesFixture(JsonNode c) {
        SampleSize n = design(c).sampleSize();
        assertEquals(c.at("/expected_per_arm/control").asLong(), n.control(), "control");
        assertEquals(c.at("/expected_per_arm/treatment").asLong(), n.treatment(), "treatment");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void powerAtTheSampleSizeReachesTheTargetAndOneLessDoesNot(JsonNode c) {
        ProportionDesign d = design(c);
        SampleSize n = d.sampleSize();
        assertTrue(d.powerAt(n.control(), n.treatment()) >= d.power());
        long less = n.control() - 1;
        assertTrue(d.powerAt(less, Math.round(d.ratio() * less)) < d.power());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mdeForTheSampleSizeIsTheDesignMde(JsonNode c) {
        ProportionDesign d = design(c);
        SampleSize n = d.sampleSize();
        double mde = ProportionDesign.minimumDetectableEffect(d.baseline(), d.alpha(), d.power(),
                n.control(), Math.round(d.ratio() * n.control()));
        // the sample size was rounded up, so the detectable increase is a hair smaller than planned
        assertTrue(mde <= d.mdeAbsolute() * (1 + 1e-9), mde + " > " + d.mdeAbsolute());
        assertTrue(mde > d.mdeAbsolute() * 0.995, mde + " much smaller than " + d.mdeAbsolute());
    }

    @Test
    void relativeAndAbsoluteMdeAgree() {
        assertEquals(ProportionDesign.absolute(0.10, 0.01, 0.05, 0.8, 1).sampleSize(),
                ProportionDesign.relative(0.10, 0.10, 0.05, 0.8, 1).sampleSize());
    }

    @Test
    void decreaseNeedsASampleToo() {
        SampleSize n = ProportionDesign.absolute(0.10, -0.02, 0.05, 0.8, 1).sampleSize();
        assertTrue(n.control() > 0);
        assertEquals(n.control(), n.treatment());
    }

    @Test
    void ratesOutsideTheUnitIntervalAreRejected() {
        assertEquals("baseline rate must be between 0 and 1 (exclusive), got 1.2", assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.absolute(1.2, 0.01, 0.05, 0.8, 1)).getMessage());
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0, 0.01, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.relative(-0.1, 0.1, 0.05, 0.8, 1));
    }

    @Test
    void mdeThatPushesTheRatePastOneOrZeroIsRejected() {
        String m = assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.relative(0.6, 0.8, 0.05, 0.8, 1)).getMessage();
        assertTrue(m.contains("treatment rate of 1.08") && m.contains("outside (0,1)"), m);
        m = assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.absolute(0.95, 0.05, 0.05, 0.8, 1)).getMessage();
        assertTrue(m.contains("outside (0,1)"), m);
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0.05, -0.06, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.relative(0.05, -1, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0.05, 0, 0.05, 0.8, 1));
    }

    @Test
    void alphaPowerAndRatioOutOfRangeAreRejected() {
        assertTrue(assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.absolute(0.1, 0.01, 1.5, 0.8, 1)).getMessage().startsWith("alpha must be between 0 and 1"));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0.1, 0.01, 0, 0.8, 1));
        assertTrue(assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.absolute(0.1, 0.01, 0.05, 1, 1)).getMessage().startsWith("power must be between 0 and 1"));
        assertTrue(assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.absolute(0.1, 0.01, 0.05, 0.8, 0)).getMessage().startsWith("allocation ratio must be a positive number"));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0.1, 0.01, 0.05, 0.8, -2));
        assertThrows(ExperimentInputException.class, () -> ProportionDesign.absolute(0.1, Double.NaN, 0.05, 0.8, 1));
    }

    @Test
    void noDetectableEffectForTinySamples() {
        assertThrows(ExperimentInputException.class,
                () -> ProportionDesign.minimumDetectableEffect(0.5, 0.05, 0.99, 1, 1));
    }
}
