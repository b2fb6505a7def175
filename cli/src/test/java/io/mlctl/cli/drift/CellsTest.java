package io.mlctl.cli.drift;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells read as pandas' read_csv reads them. */
class CellsTest {

    private static double number(String s) {
        return Cells.parseNumber(s.toCharArray(), 0, s.length());
    }

    @Test
    void numbersInTheSpellingsPandasAccepts() {
        assertEquals(12.5, number("12.5"));
        assertEquals(-0.5, number("-.5"));
        assertEquals(5.0, number("5."));
        assertEquals(1.0, number("+1"));
        assertEquals(1e-7, number("1E-7"));
        assertEquals(7.0, number("  7  "));
        assertEquals(0.1, number("0.1"), 0.0); // correctly rounded
        assertEquals(Double.POSITIVE_INFINITY, number("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, number("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, number("+INF"));
    }

    @Test
    void notNumbers() {
        for (String s : new String[]{"abc", "1d", "0x10", "1e", "1.2.3", "--1", ".", "e5", "1,5", "12a", "info"}) {
            assertTrue(Double.isNaN(number(s)), s);
        }
    }

    @Test
    void missingAndNanSpellings() {
        for (String s : new String[]{"", "NA", "N/A", "n/a", "NULL", "null", "None", "<NA>", "#N/A", "#NA"}) {
            assertTrue(Cells.isNull(s), s);
        }
        for (String s : new String[]{"nan", "NaN", "-nan", "-NaN"}) {
            assertTrue(Cells.isNaN(s), s);
            assertFalse(Cells.isNull(s), s);
        }
        assertFalse(Cells.isNull("none"), "pandas' spellings are case-sensitive");
        assertFalse(Cells.isNull("NAN"));
    }
}
