package io.mlctl.cli.drift;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.util.Set;

/**
 * How a text cell is read, as pandas' {@code read_csv} reads it (so files compare the way a NumPy/SciPy script sees
 * them): pandas' default NA strings are missing, its NaN spellings are NaN, a number is a decimal or scientific
 * literal or inf/infinity with an optional sign — anything else is text.
 */
final class Cells {
    /** pandas' default {@code na_values} (case-sensitive), minus the NaN spellings below. */
    private static final Set<String> NULLS = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND",
            "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "null", "None", "n/a");
    private static final Set<String> NANS = Set.of("NaN", "nan", "-NaN", "-nan");

    private Cells() {
    }

    static boolean isNull(String s) {
        return NULLS.contains(s);
    }

    static boolean isNaN(String s) {
        return NANS.contains(s);
    }

    /**
     * The number in the cell, or NaN when it is not one (NaN spellings are recognized separately). Leading and
     * trailing blanks are ignored.
     */
    static double parseNumber(char[] buf, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && buf[start] == ' ') {
            start++;
        }
        while (end > start && buf[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            return Double.NaN;
        }
        int i = start;
        boolean negative = false;
        if (buf[i] == '+' || buf[i] == '-') {
            negative = buf[i] == '-';
            i++;
        }
        if (i < end && (buf[i] == 'i' || buf[i] == 'I')) {
            String word = new String(buf, i, end - i).toLowerCase(java.util.Locale.ROOT);
            if (word.equals("inf") || word.equals("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return Double.NaN;
        }
        // a decimal literal starts and ends with a digit or a point; FastDoubleParser checks the rest of the syntax
        // (a failure there is rare: the column turns categorical at the first one). Java's hexadecimal literals
        // are the only syntax it accepts that pandas does not.
        char first = buf[i];
        char last = buf[end - 1];
        if (!(first >= '0' && first <= '9' || first == '.') || !(last >= '0' && last <= '9' || last == '.')
                || (first == '0' && i + 1 < end && (buf[i + 1] == 'x' || buf[i + 1] == 'X'))) {
            return Double.NaN;
        }
        try {
            return JavaDoubleParser.parseDouble(buf, start, end - start);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
