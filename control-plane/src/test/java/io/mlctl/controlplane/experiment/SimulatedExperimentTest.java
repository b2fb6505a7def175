package io.mlctl.controlplane.experiment;

import io.mlctl.controlplane.experiment.page.ReportPageTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.experiment.StickyAssignment;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.HeadlessChromium;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

import static io.mlctl.controlplane.experiment.ExperimentFixtures.events;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.experiment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Experiments driven through the REST API as a serving fleet would: units are assigned by the sticky rule (the events
 * carry no arm), exposed, and convert with a known probability per arm, over three days. Baseline 10%, MDE +20%:
 * 3841 units per arm are planned; 4600 per arm (about 9200 units) are sent.
 */
class SimulatedExperimentTest extends ControlPlaneTest {

    @BeforeEach
    void registerFraud() {
        ExperimentFixtures.registerModel(http, "fraud", 8);
    }
    static final int UNITS = 9200;
    static final List<StickyAssignment.WeightedArm> ARMS =
            List.of(new StickyAssignment.WeightedArm("control", 50), new StickyAssignment.WeightedArm("treatment", 50));

    /** Sends units [from, to) on day {@code daysAgo}; treatment converts with {@code treatmentRate}, control with 10%. */
    private void day(String id, long seed, int from, int to, int daysAgo, double treatmentRate) {
        SplittableRandom rnd = new SplittableRandom(seed + from);
        String ts = Instant.now().minus(daysAgo, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String unit = "user-" + i;
            b.append("{\"type\":\"exposure\",\"unit\":\"").append(unit).append("\",\"ts\":\"").append(ts).append("\"}\n");
            double p = StickyAssignment.arm(id + "-salt", unit, ARMS).equals("treatment") ? treatmentRate : 0.10;
            if (rnd.nextDouble() < p) {
                b.append("{\"type\":\"metric\",\"unit\":\"").append(unit).append("\",\"metric\":\"conversion\",\"value\":1,\"ts\":\"")
                        .append(ts).append("\"}\n");
            }
            // latency guardrail: same distribution in both arms
            b.append("{\"type\":\"metric\",\"unit\":\"").append(unit).append("\",\"metric\":\"latency-ms\",\"value\":")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", 200 + 20 * rnd.nextGaussian())).append(",\"ts\":\"").append(ts).append("\"}\n");
        }
        JsonNode ack = events(http, server.url(), id, id + "-day-" + daysAgo, b.toString()).assertStatus(200).json();
        assertEquals(to - from, ack.path("exposures").asInt());
    }

    private JsonNode report(String id) {
        return http.get("/api/v1/experiments/" + id + "/report").assertStatus(200).json();
    }

    @Test
    void aRealEffectShipsOnceTheSamplesSuffice() {
        http.post("/api/v1/experiments", experiment("sim-effect")).assertStatus(201);
        day("sim-effect", 1, 0, 3000, 2, 0.12);
        JsonNode early = report("sim-effect");
        assertEquals("KEEP_RUNNING", early.path("verdict").asText(), early.path("reason").asText());
        assertTrue(early.at("/samples/observed/control").asLong() < early.at("/samples/required/control").asLong());

        day("sim-effect", 1, 3000, 6000, 1, 0.12);
        day("sim-effect", 1, 6000, UNITS, 0, 0.12);
        JsonNode done = report("sim-effect");
        assertTrue(done.at("/samples/observed/control").asLong() >= 3841, done.path("samples").toString());
        assertTrue(done.at("/samples/observed/treatment").asLong() >= 3841, done.path("samples").toString());
        assertEquals("SHIP", done.path("verdict").asText(), done.path("reason").asText());
        assertEquals("treatment", done.path("winner").asText());
        assertFalse(done.at("/srm/mismatch").asBoolean());
        JsonNode t = done.at("/metrics/0/arms/1");
        assertTrue(t.path("relativeLift").asDouble() > 0.05, t.toString());
        assertTrue(t.path("achievedPower").asDouble() >= 0.8, t.toString());
        assertEquals("NON_INFERIOR", done.at("/metrics/1/outcome").asText(), done.at("/metrics/1").toString());
        assertEquals(6, done.path("timeline").size(), "3 days x (conversion, latency) for the treatment arm");
    }

    @Test
    void noEffectDoesNotShip() {
        http.post("/api/v1/experiments", experiment("sim-null")).assertStatus(201);
        day("sim-null", 2, 0, 3000, 2, 0.10);
        assertEquals("KEEP_RUNNING", report("sim-null").path("verdict").asText());
        day("sim-null", 2, 3000, 6000, 1, 0.10);
        day("sim-null", 2, 6000, UNITS, 0, 0.10);
        JsonNode done = report("sim-null");
        assertNotEquals("SHIP", done.path("verdict").asText(), done.path("reason").asText());
        assertEquals("DONT_SHIP", done.path("verdict").asText(), done.path("reason").asText());
        assertEquals("FLAT", done.at("/metrics/0/outcome").asText());
    }

    @Test
    void theServedHtmlReportRendersInChromium() {
        HeadlessChromium.assumeAvailable();
        http.post("/api/v1/experiments", experiment("sim-page")).assertStatus(201);
        day("sim-page", 3, 0, 3000, 2, 0.13);
        day("sim-page", 3, 3000, UNITS, 1, 0.13);
        String viewer = http.post("/api/v1/tokens", java.util.Map.of("name", "page-viewer", "role", "viewer"))
                .assertStatus(201).json().path("token").asText();
        URI page = server.url().resolve("/experiments/sim-page/report?access_token=" + viewer);

        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains("<h1>Experiment <code>sim-page</code></h1>"), dom);
        assertTrue(dom.contains("id=\"verdict-label\">SHIP</div>"), dom);
        assertTrue(dom.contains("id=\"forest-plot\""), "forest plot");
        assertEquals(2, count(dom, "<svg class=\"chart lift-chart\""), "lift over time per metric");
        assertTrue(dom.contains("<polygon class=\"band\""), "confidence band over two days");
        assertTrue(dom.contains("data-metric=\"conversion\" data-arm=\"treatment\""));
        BufferedImage shot = HeadlessChromium.screenshot(page, 1100, 1500);
        assertTrue(ReportPageTest.pixels(shot, 0xdafbe1) > 10_000, "the green verdict box is painted");

        // without a token the page is refused, and the token is not accepted on other paths
        server.http(null).get("/experiments/sim-page/report").assertProblem(401);
        server.http(null).get("/api/v1/experiments/sim-page/report?access_token=" + viewer).assertProblem(401);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
