package io.mlctl.controlplane.quality;

import io.mlctl.quality.BinaryMetrics;
import io.mlctl.quality.Cbpe;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.HeadlessChromium;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlctl.controlplane.quality.QualityModels.labels;
import static io.mlctl.controlplane.quality.QualityModels.post;
import static io.mlctl.controlplane.quality.QualityModels.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served quality page, opened by headless Chromium with a viewer token in the URL: what a reader sees. */
class QualityPageTest extends ControlPlaneTest {

    @Test
    void pageShowsWindowTableCalibrationChartAndRocCurve() {
        HeadlessChromium.assumeAvailable();
        String model = "qpage-" + kind.name().toLowerCase(Locale.ROOT);
        QualityModels.binaryModel(http, model);
        Random r = new Random(11);
        int n = 600;
        double[] scores = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.round(r.nextDouble() * 1e4) / 1e4;
            y[i] = r.nextDouble() < scores[i] ? 1 : 0;
        }
        post(http, server.url(), model, "samples", "s-1", samples("p", scores, Instant.now().minusSeconds(1)))
                .assertStatus(200);
        // two thirds labelled: coverage and the estimate beside the realized value both show
        post(http, server.url(), model, "labels", "l-1", labels("p", y, 0, 400)).assertStatus(200);
        String viewer = http.post("/api/v1/tokens", Map.of("name", "quality-viewer", "role", "viewer"))
                .assertStatus(201).json().path("token").asText();
        URI page = server.url().resolve("/models/" + model + "/quality?version=1&access_token=" + viewer);

        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains("<h1>Quality of <code>" + model + "</code> version 1</h1>"), dom);
        assertEquals(1, count(dom, "<tr data-window="), "one window");
        assertTrue(dom.contains("66.7%"), "coverage 400 / 600");
        double[] labelled = Arrays.copyOf(scores, 400);
        boolean[] positive = new boolean[400];
        for (int i = 0; i < 400; i++) {
            positive[i] = y[i] == 1;
        }
        BinaryMetrics m = BinaryMetrics.of(labelled, positive, 0.5);
        String auc = String.format(Locale.ROOT, "%.4f", m.rocAuc().auc());
        assertTrue(dom.contains("<td class=\"num\" data-metric=\"roc_auc\"><span class=\"real\">" + auc + "</span>"),
                "realized ROC AUC " + auc + " in the table: " + dom);
        String est = String.format(Locale.ROOT, "est. %.4f", Cbpe.estimate(scores, 0.5).accuracy());
        assertTrue(dom.contains(est), "CBPE accuracy over all 600 scores beside the realized one: " + est);
        assertTrue(dom.contains("ROC curve (AUC " + auc + ")"), dom);
        assertTrue(dom.contains("<svg class=\"chart reliability-chart\""), "calibration chart");
        assertEquals(10, count(dom, "<circle class=\"bin\""), "one point per non-empty tenth of the scores");
        Matcher points = Pattern.compile("<polyline class=\"roc-line\" data-points=\"(\\d+)\"").matcher(dom);
        assertTrue(points.find(), "ROC curve drawn");
        assertEquals(QualityPageController.ROC_POINTS, Integer.parseInt(points.group(1)),
                "400 distinct scores thinned to the chart's points");
        assertFalse(dom.matches("(?s).*(src|href)=\"https?:.*"), "self-contained: no external resources");

        BufferedImage shot = HeadlessChromium.screenshot(page, 1200, 1100);
        assertTrue(reddish(shot) > 300, "the ROC curve is painted");

        // without a token the page is refused, and the parameter is no token on the API path
        server.http(null).get("/models/" + model + "/quality?version=1").assertProblem(401);
        server.http(null).get("/api/v1/models/" + model + "/quality?version=1&access_token=" + viewer)
                .assertProblem(401);
        http.get("/models/" + model + "/quality?version=1&limit=0").assertProblem(400);
        http.get("/models/nosuch/quality?version=1").assertProblem(404);
    }

    @Test
    void pageWithoutLabelsSaysSo() {
        HeadlessChromium.assumeAvailable();
        String model = "qpage0-" + kind.name().toLowerCase(Locale.ROOT);
        QualityModels.binaryModel(http, model);
        post(http, server.url(), model, "samples", "s-1", samples("p", new double[]{0.2, 0.7, 0.9},
                Instant.now().minusSeconds(1))).assertStatus(200);
        String html = http.get("/models/" + model + "/quality?version=1").assertStatus(200).body();
        assertTrue(html.contains("id=\"charts-empty\""), html);
        assertTrue(html.contains("est. "), "estimates without labels");
    }

    /** Pixels close to the ROC line's red (anti-aliasing shifts some of them). */
    private static int reddish(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - 0xcf) <= 6 && Math.abs(((p >> 8) & 0xff) - 0x22) <= 6
                        && Math.abs((p & 0xff) - 0x2e) <= 6) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
