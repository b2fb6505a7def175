package io.mlctl.cli.drift;

import io.mlctl.cli.CliRun;
import io.mlctl.testsupport.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code drift compare --html}: the page opened in headless Chromium shows what the comparison found. */
class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void reportRendersSummaryFeaturesPlotsAndThresholds() throws Exception {
        StringBuilder ref = new StringBuilder("amount,country,note\n");
        StringBuilder cur = new StringBuilder("amount,country,note\n");
        for (int i = 0; i < 2000; i++) {
            ref.append(i % 100).append(',').append(i % 2 == 0 ? "US" : "DE").append(",<b>x</b>\n");
            cur.append(i % 100 + 40).append(',').append(i % 3 == 0 ? "FR" : "US").append(",<b>x</b>\n");
        }
        Path r = Files.writeString(dir.resolve("ref.csv"), ref);
        Path c = Files.writeString(dir.resolve("cur.csv"), cur);
        Path html = dir.resolve("report.html");
        CliRun run = CompareCommandTest.run("drift", "compare", r, c, "--html", html);
        assertEquals(0, run.exit(), run.err());
        String source = Files.readString(html);
        // self-contained: no scripts, nothing fetched (the only URL is the SVG namespace)
        assertFalse(source.contains("<script") || source.contains("https://") || source.contains("<link"));
        assertEquals(count(source, "http://"), count(source, "xmlns=\"http://www.w3.org/2000/svg\""));

        HeadlessChromium.assumeAvailable();
        String dom = HeadlessChromium.dumpDom(html.toUri());
        assertTrue(dom.contains("id=\"dataset-verdict\">Dataset drift detected<"), "summary headline");
        assertTrue(dom.contains("2 of 3 features with data drifted"), "summary counts");
        for (String feature : new String[]{"amount", "country", "note"}) {
            assertTrue(dom.contains("id=\"feature-" + feature + "\""), "a row for " + feature);
        }
        assertTrue(dom.contains("class=\"feature row-drift\""));
        assertTrue(dom.contains("class=\"feature row-ok\""));
        assertTrue(dom.contains("ks D 0.4 &gt;= 0.1 (drift)"), "why amount drifted");
        assertTrue(dom.contains("<b>PSI</b> warn ≥ 0.1, drift ≥ 0.25"), "thresholds used");
        assertTrue(dom.contains("<b>χ² p</b> drift &lt; 0.001"), "categorical thresholds used");
        assertEquals(3, count(dom, "<svg class=\"chart\""), "one plot per feature");
        // amount: 10 reference bins, two bars each; country: DE, FR, US
        Matcher amountRow = Pattern.compile("id=\"feature-amount\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(amountRow.find());
        assertEquals(20, count(amountRow.group(), "<rect "));
        assertTrue(amountRow.group().contains("≤ 9.9"), amountRow.group());
        Matcher countryRow = Pattern.compile("id=\"feature-country\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(countryRow.find());
        assertTrue(countryRow.group().contains("<title>FR: reference 0%</title>"), "an unseen category");
        // a value that looks like markup stays text
        assertTrue(dom.contains("&lt;b&gt;x&lt;/b&gt;"));

        BufferedImage shot = HeadlessChromium.screenshot(html.toUri(), 1300, 900);
        int orange = 0;
        int red = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y) & 0xFFFFFF;
                if (rgb == 0xE8590C) {
                    orange++; // current bars
                } else if (rgb == 0xFFEBE9) {
                    red++; // the dataset drift banner
                }
            }
        }
        assertTrue(orange > 2000, "current bars drawn: " + orange);
        assertTrue(red > 10000, "drift banner drawn: " + red);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
