package io.mlctl.api.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlctl.api.common.Problem;
import io.mlctl.api.common.ProblemError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server writes (Micronaut Serialization) plain Jackson reads back (CLI, operator), and the reverse. */
class RegistryJsonTest {
    static final ObjectMapper JACKSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final io.micronaut.serde.ObjectMapper SERDE = io.micronaut.serde.ObjectMapper.getDefault();

    static final FeatureSchema SCHEMA = new FeatureSchema("fraud-features", null, List.of(
            new Feature("amount", SchemaFeatureType.NUMERIC, 0.0, null, null, null, true, null),
            new Feature("country", SchemaFeatureType.CATEGORICAL, null, null, List.of("US", "DE"), true, null, null),
            new Feature("new", SchemaFeatureType.BOOLEAN, null, null, null, null, null, null)),
            new Feature("score", SchemaFeatureType.NUMERIC, 0.0, 1.0, null, null, null, null),
            new DriftSettings(new DriftDefaults(List.of("psi", "ks"), null, 20), Map.of("psi", 0.2),
                    Map.of("psi", 0.05), 0.3,
                    Map.of("amount", new FeatureDriftSettings(List.of("psi"), Map.of("psi", 0.3), Map.of("psi", 0.2), 30))),
            List.of(new InputMapping("amount", "INPUT0", 0, null), new InputMapping("new", null, null, "is_new")),
            new OutputMapping("probabilities", null, null, true));

    static final ModelVersion VERSION = new ModelVersion("fraud", 7, "models:/fraud/7", "s3://m/fraud/7",
            ModelRuntime.triton, new ServingDefaults("nvcr.io/nvidia/tritonserver:24.08-py3", 8000,
            new Gpu(1, "NVIDIA-A100-SXM4-40GB")), "fraud-features@3", Map.of("auc", 0.93),
            new Lineage("run-1", "s3://d", "abc", 6, "trigger-9", null), Map.of("team", "risk"), "d", VersionStatus.READY,
            List.of("production"), Instant.parse("2026-11-22T10:00:00.123456Z"), Instant.parse("2026-11-22T10:00:01Z"),
            "ci#3");

    @Test
    void schemasRoundTripBetweenBothLibraries() throws Exception {
        String bySerde = SERDE.writeValueAsString(SCHEMA);
        assertTrue(bySerde.contains("\"type\":\"boolean\"") && bySerde.contains("\"default\":{"), bySerde);
        assertEquals(SCHEMA, JACKSON.readValue(bySerde, FeatureSchema.class));
        assertEquals(SCHEMA, SERDE.readValue(JACKSON.writeValueAsString(SCHEMA), FeatureSchema.class));
    }

    /** The parsed document of a schema stored before warn levels and the dataset drift share existed. */
    @Test
    void documentsStoredBeforeWarnLevelsStillRead() throws Exception {
        String stored = "{\"name\":\"old\",\"features\":[{\"name\":\"amount\",\"type\":\"numeric\"}],"
                + "\"drift\":{\"default\":{\"bins\":20},\"thresholds\":{\"psi\":0.2},"
                + "\"features\":{\"amount\":{\"statistics\":[\"psi\"],\"thresholds\":{\"psi\":0.3},\"bins\":30}}}}";
        FeatureSchema expected = new FeatureSchema("old", null,
                List.of(new Feature("amount", SchemaFeatureType.NUMERIC, null, null, null, null, null, null)), null,
                new DriftSettings(new DriftDefaults(null, null, 20), Map.of("psi", 0.2), null, null,
                        Map.of("amount", new FeatureDriftSettings(List.of("psi"), Map.of("psi", 0.3), null, 30))));
        assertEquals(expected, SERDE.readValue(stored, FeatureSchema.class));
        assertEquals(expected, JACKSON.readValue(stored, FeatureSchema.class));
    }

    @Test
    void versionsRoundTripBetweenBothLibraries() throws Exception {
        assertEquals(VERSION, JACKSON.readValue(SERDE.writeValueAsString(VERSION), ModelVersion.class));
        assertEquals(VERSION, SERDE.readValue(JACKSON.writeValueAsString(VERSION), ModelVersion.class));
    }

    @Test
    void requestsAndProblemsRoundTrip() throws Exception {
        VersionCreateRequest req = new VersionCreateRequest("s3://x", ModelRuntime.vllm, null, "s@1", Map.of("f1", 0.5),
                null, Map.of(), null, VersionStatus.PENDING);
        assertEquals(req, SERDE.readValue(JACKSON.writeValueAsString(req), VersionCreateRequest.class));
        AliasSetRequest alias = new AliasSetRequest(8, 7);
        assertEquals(alias, SERDE.readValue(JACKSON.writeValueAsString(alias), AliasSetRequest.class));
        Problem p = new Problem(Problem.ABOUT_BLANK, "Bad Request", 400, "malformed YAML at line 3", "/api/v1/schemas",
                List.of(ProblemError.line(3, "expected ','")), null);
        String json = SERDE.writeValueAsString(p);
        assertEquals(p, JACKSON.readValue(json, Problem.class));
        assertTrue(!json.contains("field") && !json.contains("extensions"), json);

        // RFC 9457: extension members are members of the problem document itself
        Problem withExtensions = new Problem(Problem.ABOUT_BLANK, "Conflict", 409, "model 'fraud' still has dependents",
                null, null, Map.of("dependents", List.of("aliases [production]")));
        var tree = JACKSON.readTree(SERDE.writeValueAsString(withExtensions));
        assertEquals("aliases [production]", tree.at("/dependents/0").asText(), tree.toString());
        assertTrue(!tree.has("extensions"), tree.toString());
    }
}
