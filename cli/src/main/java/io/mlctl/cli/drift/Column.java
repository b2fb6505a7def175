package io.mlctl.cli.drift;

import io.mlctl.drift.profile.FeatureType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One column of a data file as it is read: numbers while every value is a number (NaN and infinities kept as
 * values, missing ones counted), or counts per category. A column that meets text after numbers turns categorical
 * and remembers that its earlier cells must be read again as text ({@link #needsRescan()}).
 */
final class Column {
    private final String name;
    private final Path file;
    /** Declared by a schema: no type inference, and text in a numeric column is an error. */
    private final FeatureType declared;
    private boolean categorical;
    private double[] values = new double[1024];
    private int size;
    private long nulls;
    private long cells;
    private Map<String, long[]> categories;
    /**
     * The first categories seen, as chars sharing their counters with {@link #categories}: a CSV cell of a
     * low-cardinality column is matched against them in its buffer, without making a String.
     */
    private final char[][] fastKeys = new char[FAST_CATEGORIES][];
    private final long[][] fastCounts = new long[FAST_CATEGORIES][];
    private int fastSize;
    private boolean needsRescan;
    private static final int FAST_CATEGORIES = 16;

    Column(String name, Path file, FeatureType declared) {
        this.name = name;
        this.file = file;
        this.declared = declared;
        if (declared == FeatureType.CATEGORICAL) {
            categorical = true;
            categories = new HashMap<>();
        }
    }

    String name() {
        return name;
    }

    /** A CSV cell. */
    void cell(char[] buf, int off, int len, long line) {
        cells++;
        if (len == 0) {
            nulls++;
            return;
        }
        if (categorical) {
            if (!knownCategory(buf, off, len)) {
                categoryOrMissing(new String(buf, off, len));
            }
            return;
        }
        // numbers first: they are the common case, and no missing-value spelling parses as one
        double v = Cells.parseNumber(buf, off, len);
        if (!Double.isNaN(v)) {
            number(v);
            return;
        }
        String s = new String(buf, off, len);
        if (Cells.isNull(s)) {
            nulls++;
        } else if (Cells.isNaN(s)) {
            number(Double.NaN);
        } else {
            becomeCategorical(s, line);
            text(s);
        }
    }

    private void categoryOrMissing(String s) {
        if (Cells.isNull(s) || Cells.isNaN(s)) {
            nulls++;
        } else {
            text(s);
        }
    }

    /** A string value from NDJSON (numbers in strings count as numbers, like in CSV). */
    void string(String s, long line) {
        cells++;
        if (categorical) {
            categoryOrMissing(s);
            return;
        }
        if (Cells.isNull(s)) {
            nulls++;
            return;
        }
        double v = Cells.parseNumber(s.toCharArray(), 0, s.length());
        if (!Double.isNaN(v) || Cells.isNaN(s)) {
            number(v);
            return;
        }
        becomeCategorical(s, line);
        text(s);
    }

    /** A JSON number; {@code literal} is its text, used when the column is categorical. */
    void jsonNumber(double v, String literal) {
        cells++;
        if (categorical) {
            text(literal);
        } else {
            number(v);
        }
    }

    /** A JSON boolean: a category. */
    void jsonBoolean(boolean b, long line) {
        cells++;
        String s = Boolean.toString(b);
        if (!categorical) {
            becomeCategorical(s, line);
        }
        text(s);
    }

    void nullCell() {
        cells++;
        nulls++;
    }

    private void number(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
    }

    private void text(String s) {
        long[] c = categories.get(s);
        if (c == null) {
            c = new long[]{1};
            categories.put(s, c);
            if (fastSize < FAST_CATEGORIES) {
                fastKeys[fastSize] = s.toCharArray();
                fastCounts[fastSize++] = c;
            }
        } else {
            c[0]++;
        }
    }

    private boolean knownCategory(char[] buf, int off, int len) {
        for (int k = 0; k < fastSize; k++) {
            char[] key = fastKeys[k];
            if (key.length == len && Arrays.equals(key, 0, len, buf, off, off + len)) {
                fastCounts[k][0]++;
                return true;
            }
        }
        return false;
    }

    private void becomeCategorical(String firstText, long line) {
        if (declared == FeatureType.NUMERIC) {
            throw new DataFileException(file, line, "column '" + name + "': '" + abbreviate(firstText)
                    + "' is not a number (the schema says numeric)");
        }
        categorical = true;
        categories = new HashMap<>();
        fastSize = 0;
        needsRescan = size > 0;
        values = null;
        size = 0;
    }

    /** Rows of the file that had no cell for this column count as missing. */
    void finish(long rows) {
        if (rows > cells) {
            nulls += rows - cells;
            cells = rows;
        }
    }

    FeatureType type() {
        return categorical ? FeatureType.CATEGORICAL : FeatureType.NUMERIC;
    }

    boolean needsRescan() {
        return needsRescan;
    }

    /** NUMERIC: the values read (NaN and infinities included), in file order. */
    double[] values() {
        return values;
    }

    int size() {
        return size;
    }

    long nulls() {
        return nulls;
    }

    /** CATEGORICAL: count per category. */
    Map<String, long[]> categories() {
        return categories;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
