package io.mlctl.controlplane.experiment.page;

import io.mlctl.controlplane.experiment.report.StatsHistory;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.testsupport.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.CONVERSION;
import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.DAY1;
import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.LATENCY;
import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.conversions;
import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.experiment;
import static io.mlctl.controlplane.experiment.report.ReportBuilderTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report page rendered by headless Chromium from a file: what a reader sees. */
public class ReportPageTest {

    @TempDir
    Path dir;

    @Test
    void shipReportRendersVerdictTableForestPlotAndLiftCharts() throws Exception {
        HeadlessChromium.assumeAvailable();
        StatsHistory h = conversions(10000, 1000, 10000, 1200);
        h.addValues("latency-ms", "control", DAY1, 200.0 * 10000, 10000 * (200.0 * 200 + 400));
        h.addValues("latency-ms", "treatment", DAY1, 203.0 * 10000, 10000 * (203.0 * 203 + 400));
        Path page = write(report(experiment(ExperimentStatus.running, CONVERSION, LATENCY), h));

        String dom = HeadlessChromium.dumpDom(page.toUri());
        assertTrue(dom.contains("id=\"verdict-label\">SHIP</div>"), dom);
        assertFalse(dom.contains("srm-warning"), "no SRM banner without a mismatch");
        assertEquals(2, count(dom, "<g class=\"row outcome-"), "one forest row per metric and treatment arm");
        assertTrue(dom.contains("<g class=\"row outcome-win\" data-metric=\"conversion\" data-arm=\"treatment\">"));
        assertTrue(dom.contains("<line class=\"tolerance\""), "the guardrail tolerance is drawn");
        assertEquals(2, count(dom, "<svg class=\"chart lift-chart\""), "one lift chart per metric and arm");
        assertEquals(2, count(dom, "<polygon class=\"band\""), "confidence-sequence band over two days");
        assertTrue(dom.contains("<tr class=\"metric-first\" data-metric=\"conversion\" data-arm=\"control\">"));
        assertTrue(dom.contains("12.00% (1200/10000)"));
        assertFalse(dom.matches("(?s).*(src|href)=\"https?:.*"), "self-contained: no external resources");

        BufferedImage shot = HeadlessChromium.screenshot(page.toUri(), 1100, 1400);
        assertTrue(pixels(shot, 0xdafbe1) > 10_000, "the green SHIP box is painted");
        assertTrue(pixels(shot, 0x9ecbff) > 500, "confidence sequences are painted in the forest plot");
    }

    @Test
    void srmMismatchShowsTheWarningBanner() throws Exception {
        HeadlessChromium.assumeAvailable();
        Path page = write(report(experiment(ExperimentStatus.running, CONVERSION), conversions(50900, 5090, 49100, 5900)));
        String dom = HeadlessChromium.dumpDom(page.toUri());
        assertTrue(dom.contains("id=\"srm-warning\""), dom);
        assertTrue(dom.contains("DON'T SHIP") || dom.contains("DON&#39;T SHIP"), dom);
        BufferedImage shot = HeadlessChromium.screenshot(page.toUri(), 1100, 600);
        assertTrue(pixels(shot, 0xffebe9) > 10_000, "the red banner is painted");
    }

    @Test
    void emptyExperimentRendersWithoutCharts() throws Exception {
        HeadlessChromium.assumeAvailable();
        Path page = write(report(experiment(ExperimentStatus.running, CONVERSION), new StatsHistory()));
        String dom = HeadlessChromium.dumpDom(page.toUri());
        assertTrue(dom.contains("KEEP RUNNING"));
        assertTrue(dom.contains("id=\"forest-empty\"") && dom.contains("id=\"timeline-empty\""));
    }

    @Test
    void textIsEscaped() {
        String html = Html.esc("<script>alert('x')</script> & \"q\"");
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;", html);
    }

    private Path write(ExperimentReport r) throws Exception {
        Path p = dir.resolve("report-" + System.nanoTime() + ".html");
        Files.writeString(p, ReportPage.render(r));
        return p;
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Pixels within a small distance of the colour (anti-aliasing and colour management shift them slightly). */
    public static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 3 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 3
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 3) {
                    n++;
                }
            }
        }
        return n;
    }
}
