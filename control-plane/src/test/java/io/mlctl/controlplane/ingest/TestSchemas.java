package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Requires;
import io.mlctl.api.common.ProblemException;
import io.mlctl.drift.evaluation.DriftConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Schemas for ingest tests, registered by the test (stands in for the registry until its schemas are wired). */
@Singleton
@Requires(property = "mlctl.test.schemas", value = "true")
public class TestSchemas implements SchemaSource {
    static final Map<String, SampleSchema> SCHEMAS = new ConcurrentHashMap<>();

    static void register(String model, int version, SampleSchema schema) {
        SCHEMAS.put(model + "/" + version, schema);
    }

    /** amount (numeric, required, >= 0), country (US/DE/FR + others), is_new (boolean); prediction score in [0, 1]. */
    static SampleSchema fraud() {
        return new SampleSchema("fraud-features@1", List.of(
                new FeatureSpec("amount", FeatureSpec.Kind.NUMERIC, true, 0.0, null, null, true),
                new FeatureSpec("country", FeatureSpec.Kind.CATEGORICAL, false, null, null, Set.of("US", "DE", "FR"),
                        true),
                new FeatureSpec("is_new", FeatureSpec.Kind.BOOLEAN, false, null, null, null, true)),
                new FeatureSpec("score", FeatureSpec.Kind.NUMERIC, false, 0.0, 1.0, null, true),
                DriftConfig.defaults(), SampleSchema.DEFAULT_BINS);
    }

    @Override
    public SampleSchema schemaOf(String model, int version) {
        SampleSchema s = SCHEMAS.get(model + "/" + version);
        if (s == null) {
            throw ProblemException.notFound("model " + model + " version " + version + " does not exist");
        }
        return s;
    }
}
