package io.mlctl.controlplane.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.mlctl.controlplane.quality.QualityModels.labels;
import static io.mlctl.controlplane.quality.QualityModels.post;
import static io.mlctl.controlplane.quality.QualityModels.quality;
import static io.mlctl.controlplane.quality.QualityModels.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A label arriving after the label horizon (2 s here) is counted expired and not joined. */
class ExpiredLabelsTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        return Map.of("mlctl.drift.window", "1h", "mlctl.quality.label-horizon", "2s");
    }

    @Test
    void labelsPastTheHorizonExpire() throws InterruptedException {
        String model = "qexp-" + kind.name().toLowerCase();
        QualityModels.binaryModel(http, model);
        post(http, server.url(), model, "samples", "s-1", samples("e", new double[]{0.9, 0.2, 0.7}, Instant.now()))
                .assertStatus(200);
        JsonNode inTime = post(http, server.url(), model, "labels", "l-1", labels("e", new int[]{1}, 0, 1))
                .assertStatus(200).json();
        assertEquals(1, inTime.path("matched").asInt(), inTime.toString());
        Thread.sleep(3000);
        JsonNode late = post(http, server.url(), model, "labels", "l-2", labels("e", new int[]{1, 0, 1}, 0, 3)
                + "{\"request_id\":\"other\",\"label\":0}\n").assertStatus(200).json();
        assertEquals(3, late.path("expired").asInt(), late.toString());
        assertEquals(1, late.path("unmatched").asInt(), late.toString());
        assertEquals(0, late.path("matched").asInt(), late.toString());
        JsonNode w = quality(http, model).path("items").get(0);
        assertEquals(3, w.path("predictions").asLong());
        assertEquals(1, w.path("labeled").asLong());
        assertEquals(1.0, w.path("metrics").path("accuracy").asDouble());
    }
}
