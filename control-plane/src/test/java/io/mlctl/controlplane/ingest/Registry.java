package io.mlctl.controlplane.ingest;

import io.mlctl.testsupport.TestHttp;

import java.util.Map;

/** Registers the fraud test schema, a model and a version through the registry's REST API. */
public final class Registry {
    static final String SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            """;

    private Registry() {
    }

    /** Creates schema {@code <model>-features}, the model and version 1 with that schema; answers the version. */
    public static int modelWithVersion(TestHttp http, String model) {
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted(model + "-features"))
                .assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        return http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://models/" + model + "/1",
                "runtime", "custom", "schema", model + "-features")).assertStatus(201).json().path("version").asInt();
    }
}
