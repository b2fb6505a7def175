package io.mlctl.cli.drift;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The columns read from one data file, in file order, and its number of rows. */
final class DataTable {
    private final Path file;
    private final Map<String, Column> columns;
    private final long rows;

    DataTable(Path file, Map<String, Column> columns, long rows) {
        this.file = file;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.rows = rows;
        columns.values().forEach(c -> c.finish(rows));
    }

    Path file() {
        return file;
    }

    Map<String, Column> columns() {
        return columns;
    }

    long rows() {
        return rows;
    }

    /** This table with some columns replaced (after reading them again as text). */
    DataTable with(Map<String, Column> replacements) {
        Map<String, Column> m = new LinkedHashMap<>(columns);
        m.putAll(replacements);
        return new DataTable(file, m, rows);
    }
}
