package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.schema.SampleColumn;
import io.mlctl.controlplane.window.WindowRows;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accepted rows of one batch that fall into one window, column by column. They are kept as values (not yet
 * profiled) because the bins come from the window's reference, which is only known once the window row is found
 * ({@link io.mlctl.controlplane.window.WindowStore#prepare}).
 */
final class WindowColumns implements WindowRows {
    private final List<SampleColumn> columns;
    private final double[][] numbers;
    private final int[] numberCounts;
    private final String[][] categories;
    private final int[] categoryCounts;
    private final long[] nulls;
    private int[] lines = new int[16];
    private int rows;
    /** Rows with a request id and a prediction; allocated on the first, so rows without ids cost nothing. */
    private List<PairingRecord> pairings = List.of();

    WindowColumns(List<SampleColumn> columns) {
        this.columns = columns;
        int n = columns.size();
        numbers = new double[n][];
        numberCounts = new int[n];
        categories = new String[n][];
        categoryCounts = new int[n];
        nulls = new long[n];
        for (int i = 0; i < n; i++) {
            if (columns.get(i).numeric()) {
                numbers[i] = new double[64];
            } else {
                categories[i] = new String[64];
            }
        }
    }

    /** Adds one validated row: per column a number (unboxed or a Double), a String, or null (missing). */
    void add(int line, RowParser.Row row) {
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, rows * 2);
        }
        lines[rows++] = line;
        Object[] values = row.values;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                nulls[i]++;
            } else if (numbers[i] != null) {
                if (numberCounts[i] == numbers[i].length) {
                    numbers[i] = Arrays.copyOf(numbers[i], numberCounts[i] * 2);
                }
                numbers[i][numberCounts[i]++] = v == RowParser.Row.NUMBER ? row.numbers[i] : (Double) v;
            } else {
                if (categoryCounts[i] == categories[i].length) {
                    categories[i] = Arrays.copyOf(categories[i], categoryCounts[i] * 2);
                }
                categories[i][categoryCounts[i]++] = (String) v;
            }
        }
    }

    /** Keeps a row's pairing record (null: it has no prediction to pair). */
    void pair(PairingRecord record) {
        if (record == null) {
            return;
        }
        if (pairings.isEmpty()) {
            pairings = new ArrayList<>();
        }
        pairings.add(record);
    }

    /**
     * Appends the rows of {@code other} (same columns): a stream consumer parses each record on its own, so that a
     * bad record is rejected whole, and folds the good ones into one batch.
     */
    void addAll(WindowColumns other) {
        if (rows + other.rows > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(lines.length * 2, rows + other.rows));
        }
        System.arraycopy(other.lines, 0, lines, rows, other.rows);
        rows += other.rows;
        for (int i = 0; i < columns.size(); i++) {
            nulls[i] += other.nulls[i];
            if (numbers[i] != null) {
                int n = numberCounts[i] + other.numberCounts[i];
                if (n > numbers[i].length) {
                    numbers[i] = Arrays.copyOf(numbers[i], Math.max(numbers[i].length * 2, n));
                }
                System.arraycopy(other.numbers[i], 0, numbers[i], numberCounts[i], other.numberCounts[i]);
                numberCounts[i] = n;
            } else {
                int n = categoryCounts[i] + other.categoryCounts[i];
                if (n > categories[i].length) {
                    categories[i] = Arrays.copyOf(categories[i], Math.max(categories[i].length * 2, n));
                }
                System.arraycopy(other.categories[i], 0, categories[i], categoryCounts[i], other.categoryCounts[i]);
                categoryCounts[i] = n;
            }
        }
        if (!other.pairings.isEmpty()) {
            if (pairings.isEmpty()) {
                pairings = new ArrayList<>();
            }
            pairings.addAll(other.pairings);
        }
    }

    List<SampleColumn> columns() {
        return columns;
    }

    List<PairingRecord> pairings() {
        return pairings;
    }

    @Override
    public int rows() {
        return rows;
    }

    /** The line numbers of the rows, in order. */
    int[] lines() {
        return Arrays.copyOf(lines, rows);
    }

    /**
     * The streaming profile of these rows, numbers binned with the reference's edges so that partials of one window
     * merge and their bin counts stay exact.
     */
    @Override
    public DatasetProfile profile(DatasetProfile reference) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            SampleColumn spec = columns.get(i);
            FeatureProfile ref = reference.feature(spec.name());
            if (numbers[i] != null) {
                NumericProfile.Builder b = ref instanceof NumericProfile np && np.binned()
                        ? np.windowBuilder(ProfileMode.STREAMING)
                        : NumericProfile.builder(ProfileMode.STREAMING);
                b.addAll(numbers[i], 0, numberCounts[i]);
                b.addNulls(nulls[i]);
                out.put(spec.name(), b.build());
            } else {
                CategoricalProfile.Builder b = CategoricalProfile.builder(ProfileMode.STREAMING);
                String[] values = categories[i];
                for (int j = 0; j < categoryCounts[i]; j++) {
                    b.add(values[j]);
                }
                b.addNulls(nulls[i]);
                out.put(spec.name(), b.build());
            }
        }
        return new DatasetProfile(out);
    }

}
