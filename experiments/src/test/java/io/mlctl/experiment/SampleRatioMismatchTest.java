package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.mlctl.experiment.Fixtures.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampleRatioMismatchTest {

    static List<JsonNode> cases() {
        return Fixtures.section("srm");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void chiSquareGoodnessOfFit(JsonNode c) {
        long[] observed = new long[c.get("observed").size()];
        double[] weights = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = c.get("observed").get(i).asLong();
            weights[i] = c.get("weights").get(i).asDouble();
        }
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(observed, weights);
        close(c.at("/expected/chi2").asDouble(), r.chiSquare(), "chi2");
        close(c.at("/expected/p_value").asDouble(), r.pValue(), "p");
        assertEquals(c.at("/expected/mismatch").asBoolean(), r.mismatch());
    }

    @Test
    void nothingObservedIsNoMismatch() {
        assertFalse(SampleRatioMismatch.test(new long[]{0, 0}, new double[]{1, 1}).mismatch());
    }

    @Test
    void badInput() {
        assertThrows(ExperimentInputException.class, () -> SampleRatioMismatch.test(new long[]{1, 2}, new double[]{1}));
        assertThrows(ExperimentInputException.class, () -> SampleRatioMismatch.test(new long[]{1}, new double[]{1}));
        assertThrows(ExperimentInputException.class, () -> SampleRatioMismatch.test(new long[]{1, 2}, new double[]{1, 0}));
    }
}
