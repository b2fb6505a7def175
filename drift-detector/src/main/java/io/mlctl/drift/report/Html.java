package io.mlctl.drift.report;

/** Escaping for text and attribute values in the generated page. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A CSS-safe token for ids and class names. */
    static String token(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
