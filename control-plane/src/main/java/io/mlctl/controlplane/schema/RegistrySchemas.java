package io.mlctl.controlplane.schema;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.registry.model.VersionService;
import io.mlctl.registry.schema.SchemaService;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's answer: a version's schema reference ({@code name@N}, immutable once stored) and that schema. The
 * compiled schema is kept for a few seconds, so a stream of batches does not look the version up each time while a
 * deleted model still stops ingest promptly.
 */
@Singleton
public class RegistrySchemas implements SchemaSource {
    private static final long TTL_MILLIS = 5_000;

    private final VersionService versions;
    private final SchemaService schemas;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public RegistrySchemas(VersionService versions, SchemaService schemas) {
        this.versions = versions;
        this.schemas = schemas;
    }

    private record Cached(SampleSchema schema, long at) {
    }

    @Override
    public SampleSchema schemaOf(String model, int version) {
        String key = model + "/" + version;
        long now = System.currentTimeMillis();
        Cached c = cache.get(key);
        if (c != null && now - c.at() < TTL_MILLIS) {
            return c.schema();
        }
        ModelVersion v = versions.get(model, version);
        if (v.schema() == null) {
            throw ProblemException.conflict("model " + model + " version " + version + " has no feature schema; "
                    + "register the version with --schema NAME@N to monitor it");
        }
        SampleSchema s = SampleSchema.of(v.schema(), schemas.schema(v.schema()));
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(s, now));
        return s;
    }
}
