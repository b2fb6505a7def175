package io.mlctl.html;

import java.util.Locale;

/**
 * The one helper for mlctl's self-contained HTML reports (drift report, experiment report, quality page): escaping,
 * the page shell and SVG elements. Pages are built into a {@link StringBuilder}: no template engine, no script,
 * no request to anywhere, so a saved page opens offline and cannot run what it displays.
 */
public final class Html {
    private Html() {
    }

    /** Text and attribute values: the five characters HTML gives meaning to; null becomes empty. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A CSS-safe token for ids and class names built from user text (feature names...). */
    public static String token(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** SVG coordinates and lengths: one decimal is plenty on screen, and always a dot whatever the locale. */
    public static String xy(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Opens a page: doctype, UTF-8, a viewport for phones, the (escaped) title and the page's own CSS. */
    public static StringBuilder page(String title, String css) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(css)
                .append("</style></head><body>\n");
        return h;
    }

    /** Closes a page opened by {@link #page}. */
    public static String end(StringBuilder page) {
        return page.append("</body></html>\n").toString();
    }

    /** {@code <line class="cls" x1 y1 x2 y2/>}. */
    public static void line(StringBuilder svg, String cls, double x1, double y1, double x2, double y2) {
        svg.append("<line class=\"").append(cls).append("\" x1=\"").append(xy(x1)).append("\" y1=\"").append(xy(y1))
                .append("\" x2=\"").append(xy(x2)).append("\" y2=\"").append(xy(y2)).append("\"/>");
    }

    /** {@code <text class="cls" x y text-anchor>escaped text</text>}. */
    public static void text(StringBuilder svg, String cls, double x, double y, String anchor, String text) {
        svg.append("<text class=\"").append(cls).append("\" x=\"").append(xy(x)).append("\" y=\"").append(xy(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(esc(text)).append("</text>");
    }
}
