package io.mlctl.api.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.type.Argument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixed JSON shape, written and read by plain Jackson (CLI) and by Micronaut Serialization (control plane). */
class DriftResultJsonTest {
    static final DriftResult RESULT = new DriftResult(List.of(
            new FeatureDriftResult("amount", "numeric", 0.23, 0.11, 0.17, 0.2, 1.2e-157, null, 3.5, 0.42, 0.16, null,
                    0.0, 0.01, "drift"),
            new FeatureDriftResult("country", "categorical", 0.001, 0.0006, 0.0125, null, null, 0.64, null, null,
                    0.012, 0.017, 0.0, 0.0, "ok"),
            new FeatureDriftResult("empty", "numeric", null, null, null, null, null, null, null, null, null, null,
                    0.0, null, "no_data"),
            // a constant reference: W1 but no normed distance
            new FeatureDriftResult("constant", "numeric", 0.4, 0.2, 0.3, 0.5, 1e-9, null, 0.27, null, 0.21, null,
                    0.0, 0.0, "drift")),
            0.5, true);

    private static void assertShape(JsonNode json) {
        JsonNode amount = json.get("features").get(0);
        List<String> numericFields = List.of("name", "type", "psi", "kl", "js_distance", "ks_statistic", "ks_pvalue",
                "wasserstein", "wasserstein_normed", "hellinger", "null_rate_reference", "null_rate_current",
                "verdict");
        assertEquals(numericFields, iterable(amount));
        assertEquals(1.2e-157, amount.get("ks_pvalue").asDouble());
        assertEquals(0.42, amount.get("wasserstein_normed").asDouble());
        JsonNode country = json.get("features").get(1);
        assertEquals(List.of("name", "type", "psi", "kl", "js_distance", "chi2_pvalue", "hellinger", "cramers_v",
                "null_rate_reference", "null_rate_current", "verdict"), iterable(country));
        JsonNode empty = json.get("features").get(2);
        assertTrue(empty.get("psi").isNull());
        assertTrue(empty.get("hellinger").isNull());
        assertFalse(empty.has("wasserstein"));
        assertFalse(json.get("features").get(3).has("wasserstein_normed"), "absent when the reference is constant");
        assertEquals(0.27, json.get("features").get(3).get("wasserstein").asDouble());
        assertTrue(empty.get("null_rate_current").isNull());
        assertEquals(0.5, json.get("drift_share").asDouble());
        assertTrue(json.get("dataset_drift").asBoolean());
        assertFalse(json.has("driftShare"));
    }

    private static List<String> iterable(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void plainJacksonWritesAndReadsTheShape() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        String text = jackson.writeValueAsString(RESULT);
        assertShape(jackson.readTree(text));
        assertEquals(RESULT, jackson.readValue(text, DriftResult.class));
    }

    @Test
    void micronautSerializationWritesAndReadsTheShape() throws Exception {
        io.micronaut.serde.ObjectMapper serde = io.micronaut.serde.ObjectMapper.getDefault();
        String text = serde.writeValueAsString(RESULT);
        assertShape(new ObjectMapper().readTree(text));
        assertEquals(RESULT, serde.readValue(text, Argument.of(DriftResult.class)));
    }
}
