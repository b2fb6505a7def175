package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeanDesignTest {

    static List<JsonNode> cases() {
        return Fixtures.section("sample_size_means");
    }

    static MeanDesign design(JsonNode c) {
        return new MeanDesign(c.get("sigma").asDouble(), c.get("mde_absolute").asDouble(),
                c.get("alpha").asDouble(), c.get("power").asDouble(), 1);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sampleSizeMatchesFixture(JsonNode c) {
        SampleSize n = design(c).sampleSize();
        assertEquals(c.at("/expected_per_arm/control").asLong(), n.control());
        assertEquals(c.at("/expected_per_arm/treatment").asLong(), n.treatment());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void inverseQuestionsAreConsistent(JsonNode c) {
        MeanDesign d = design(c);
        SampleSize n = d.sampleSize();
        assertTrue(d.powerAt(n.control(), n.treatment()) >= d.power());
        assertTrue(d.powerAt(n.control() - 1, n.treatment() - 1) < d.power());
        double mde = MeanDesign.minimumDetectableEffect(d.sigma(), d.alpha(), d.power(), n.control(), n.treatment());
        assertTrue(mde <= d.mdeAbsolute() && mde > 0.995 * d.mdeAbsolute(), String.valueOf(mde));
    }

    @Test
    void unequalArms() {
        // k = 2: n_c = ceil(1.5 sigma^2 (z + z)^2 / mde^2) = ceil(0.75 * 1569.8) = 1178, n_t = 2356
        SampleSize n = new MeanDesign(1, 0.1, 0.05, 0.8, 2).sampleSize();
        assertEquals(new SampleSize(1178, 2356), n);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(0, 0.1, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(-1, 0.1, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(1, 0, 0.05, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(1, 0.1, 1, 0.8, 1));
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(1, 0.1, 0.05, -0.8, 1));
        assertThrows(ExperimentInputException.class, () -> new MeanDesign(1, 0.1, 0.05, 0.8, 0));
    }
}
