package io.mlctl.api.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiPathsTest {
    @Test
    void userTextIsOneEncodedSegment() {
        assertEquals("/api/v1/models/fraud/aliases/a%20b%2Fc", ApiPaths.alias("fraud", "a b/c"));
        assertEquals("/api/v1/schemas/fraud-features/3/diff", ApiPaths.schemaDiff("fraud-features", "3"));
        assertEquals("/api/v1/experiments/e%3F1/report", ApiPaths.experimentReport("e?1"));
    }

    @Test
    void queriesSkipNullsAndEncodeValues() {
        assertEquals("/api/v1/resolve?uri=models%3A%2Ffraud%40production", ApiPaths.resolve("models:/fraud@production"));
        assertEquals("/api/v1/models/m/drift/compare?baseline=1&candidate=2&period=1h30m",
                ApiPaths.driftCompare("m", 1, 2, "1h30m"));
        assertEquals("/api/v1/models", ApiPaths.query(ApiPaths.models(), ApiPaths.params("name", null)));
        assertEquals("/api/v1/models/m/versions/7/samples?partial=true",
                ApiPaths.query(ApiPaths.samples("m", 7), ApiPaths.params("partial", true, "x", null)));
    }
}
