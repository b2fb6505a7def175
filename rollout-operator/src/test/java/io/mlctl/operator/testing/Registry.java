package io.mlctl.operator.testing;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestHttp;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sets up models in the real control plane through its REST API, as a user (or a training pipeline) would. */
public final class Registry {
    private final ControlPlaneServer cp;

    public Registry(ControlPlaneServer cp) {
        this.cp = cp;
    }

    public Registry model(String name) {
        ok(cp.http().post("/api/v1/models", Map.of("name", name)));
        return this;
    }

    /** Registers the next version (1, 2, 3...) with a runtime and serving defaults; returns its number. */
    public int version(String model, String runtime, String image, Integer gpus) {
        Map<String, Object> serving = new LinkedHashMap<>();
        if (image != null) {
            serving.put("image", image);
        }
        if (gpus != null) {
            serving.put("gpu", Map.of("count", gpus, "product", "NVIDIA-A100-SXM4-40GB"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("artifactUri", "s3://models/" + model + "/" + System.nanoTime());
        body.put("runtime", runtime);
        body.put("serving", serving);
        TestHttp.Response r = ok(cp.http().post("/api/v1/models/" + model + "/versions", body));
        return r.json().get("version").asInt();
    }

    /** A new model with versions 1 and 2 of the runtime and {@code production} on 1; answers {1, 2}. */
    public int[] modelWithTwoVersions(String model, String runtime) {
        model(model);
        int v1 = version(model, runtime, null, 1);
        int v2 = version(model, runtime, null, 1);
        alias(model, "production", v1);
        return new int[]{v1, v2};
    }

    public Registry alias(String model, String alias, int version) {
        ok(cp.http().put("/api/v1/models/" + model + "/aliases/" + alias, Map.of("version", version)));
        return this;
    }

    public int aliasVersion(String model, String alias) {
        return ok(cp.http().get("/api/v1/models/" + model + "/aliases/" + alias)).json().get("version").asInt();
    }

    static TestHttp.Response ok(TestHttp.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("control plane answered " + r.status() + ": " + r.body());
        }
        return r;
    }
}
