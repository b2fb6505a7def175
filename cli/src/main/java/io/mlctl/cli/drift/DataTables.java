package io.mlctl.cli.drift;

import io.mlctl.drift.profile.FeatureType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a data file as CSV or NDJSON, decided by its extension or, failing that, by its first character. */
final class DataTables {
    private DataTables() {
    }

    static DataTable read(Path file, ReadPlan plan) {
        if (!Files.exists(file)) {
            throw new DataFileException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory, not a data file");
        }
        return isNdjson(file) ? NdjsonTableReader.read(file, plan) : CsvTableReader.read(file, plan);
    }

    static boolean isNdjson(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
            return true;
        }
        if (name.endsWith(".csv")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0xEF || b == 0xBB || b == 0xBF);
            return b == '{';
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads again, as text, the columns that must be categorical but hold numbers so far: columns that met text after
     * numbers, and {@code forceCategorical} (categorical in the other file).
     */
    static DataTable asCategorical(DataTable table, Set<String> forceCategorical) {
        Set<String> again = new java.util.HashSet<>();
        table.columns().forEach((name, c) -> {
            if (c.needsRescan() || (forceCategorical.contains(name) && c.type() == FeatureType.NUMERIC)) {
                again.add(name);
            }
        });
        if (again.isEmpty()) {
            return table;
        }
        Map<String, FeatureType> declared = new HashMap<>();
        again.forEach(n -> declared.put(n, FeatureType.CATEGORICAL));
        DataTable reread = read(table.file(), new ReadPlan(again, declared));
        return table.with(new LinkedHashMap<>(reread.columns()));
    }
}
