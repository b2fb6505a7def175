package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailPresetNames;
import io.mlctl.rollout.api.Runtime;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every preset name the CRD accepts has PromQL, and nothing else does. */
class PresetQueriesTest {
    @Test
    void everyNamedPresetHasQueriesAndOnlyThose() {
        assertEquals(Set.copyOf(GuardrailPresetNames.ALL), PresetQueries.presets());
        for (String preset : GuardrailPresetNames.ALL) {
            assertTrue(PresetQueries.query(preset, Runtime.TRITON).isPresent() || PresetQueries.query(preset, Runtime.VLLM).isPresent(),
                    preset + " has a query for triton or vllm");
        }
        assertTrue(PresetQueries.query(GuardrailPresetNames.GPU_MEMORY, Runtime.CUSTOM).orElseThrow().contains("DCGM_FI_DEV_FB_USED"));
    }
}
