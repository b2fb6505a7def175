package io.mlctl.controlplane.experiment.page;

import java.util.Locale;

/** Escaping and number formatting for the self-contained HTML report. */
final class Html {
    private Html() {
    }

    /** Text and attribute values: the five characters HTML gives meaning to. */
    static String esc(String s) {
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

    /** SVG coordinates: one decimal is plenty on screen. */
    static String xy(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
