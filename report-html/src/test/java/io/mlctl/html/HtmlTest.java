package io.mlctl.html;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlTest {
    @Test
    void escapesTheFiveCharactersAndNull() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
                Html.esc("<script>alert('x')</script> & \"q\""));
        assertEquals("", Html.esc(null));
        assertEquals("plain ünïcode", Html.esc("plain ünïcode"));
    }

    @Test
    void tokensAreCssSafe() {
        assertEquals("a_b-c_d__", Html.token("a b-c.d<>"));
    }

    @Test
    void coordinatesUseADotWhateverTheLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("12.3", Html.xy(12.34));
            assertEquals("-0.5", Html.xy(-0.45));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void pageShellEscapesTheTitleAndClosesTheDocument() {
        StringBuilder h = Html.page("a <b> report", "body{margin:0}");
        h.append("<p>x</p>");
        String page = Html.end(h);
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"), page);
        assertTrue(page.contains("<title>a &lt;b&gt; report</title><style>body{margin:0}</style></head><body>\n<p>x</p>"), page);
        assertTrue(page.endsWith("</body></html>\n"), page);
    }

    @Test
    void svgElementsFormatCoordinatesAndEscapeText() {
        StringBuilder s = new StringBuilder();
        Html.line(s, "grid", 1, 2.25, 3, 4);
        Html.text(s, "tick", 5, 6, "end", "<10%");
        assertEquals("<line class=\"grid\" x1=\"1.0\" y1=\"2.3\" x2=\"3.0\" y2=\"4.0\"/>"
                + "<text class=\"tick\" x=\"5.0\" y=\"6.0\" text-anchor=\"end\">&lt;10%</text>", s.toString());
    }
}
