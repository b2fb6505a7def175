package io.mlctl.controlplane.quality;

import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.mlctl.controlplane.quality.QualityModels.labels;
import static io.mlctl.controlplane.quality.QualityModels.post;
import static io.mlctl.controlplane.quality.QualityModels.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels and label batches name their model and version, so a rename or a version delete must not strand them
 * (registry/ModelNameReferences): a model whose only data is a batch of labels is held by it, and one whose
 * predictions carry labels is held by those.
 */
class LabelReferencesTest extends ControlPlaneTest {

    @Test
    void labelBatchesAndLabelledPredictionsHoldTheirModel() {
        String model = "qref-" + kind.name().toLowerCase();
        QualityModels.binaryModel(http, model);

        // only labels for requests never logged: nothing but the batch remembers the model
        assertEquals(2, post(http, server.url(), model, "labels", "l-1", labels("x", new int[]{1, 0}, 0, 2))
                .assertStatus(200).json().path("unmatched").asInt());
        TestHttp.Response renamed = rename(model, model + "-new");
        assertRefused(renamed);
        assertTrue(renamed.body().contains("label batches"), renamed.body());
        TestHttp.Response deleted = deleteVersion(model);
        assertRefused(deleted);
        assertTrue(deleted.body().contains("label batches"), deleted.body());
        http.get("/api/v1/models/" + model + "/versions/1").assertStatus(200);

        // labelled predictions hold theirs too (samples need a reference profile, which holds it as well)
        model = model + "-2";
        QualityModels.binaryModel(http, model);
        post(http, server.url(), model, "samples", "s-1", samples("r", new double[]{0.9, 0.1}, Instant.now()))
                .assertStatus(200);
        assertEquals(2, post(http, server.url(), model, "labels", "l-2", labels("r", new int[]{1, 0}, 0, 2))
                .assertStatus(200).json().path("matched").asInt());
        renamed = rename(model, model + "-new");
        assertRefused(renamed);
        assertTrue(renamed.body().contains("labels"), renamed.body());
        http.get("/api/v1/models/" + model).assertStatus(200);
        http.get("/api/v1/models/" + model + "-new").assertProblem(404);
    }

    private static void assertRefused(TestHttp.Response r) {
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
    }

    private TestHttp.Response rename(String from, String to) {
        return http.send("POST", "/api/2.0/mlflow/registered-models/rename", "application/json",
                "{\"name\":\"" + from + "\",\"new_name\":\"" + to + "\"}");
    }

    private TestHttp.Response deleteVersion(String model) {
        return http.send("DELETE", "/api/2.0/mlflow/model-versions/delete", "application/json",
                "{\"name\":\"" + model + "\",\"version\":\"1\"}");
    }
}
