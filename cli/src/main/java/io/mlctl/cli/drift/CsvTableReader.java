package io.mlctl.cli.drift;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV file (RFC 4180: header row, comma separated, double quotes, UTF-8 with or without BOM) column by
 * column. FastCSV hands each field over as a range of its buffer, which goes straight to the column — numbers are
 * parsed from the buffer without a String per cell.
 */
final class CsvTableReader extends AbstractBaseCsvCallbackHandler<Boolean> {
    private final Path file;
    private final ReadPlan plan;
    private final List<String> header = new ArrayList<>();
    private Column[] byIndex;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private long rows;

    private CsvTableReader(Path file, ReadPlan plan) {
        this.file = file;
        this.plan = plan;
    }

    static DataTable read(Path file, ReadPlan plan) {
        CsvTableReader handler = new CsvTableReader(file, plan);
        try (CsvReader<Boolean> reader = CsvReader.builder().detectBomHeader(true)
                .allowUnclosedQuote(false).build(handler, file)) {
            for (Boolean ignored : reader) {
                // every record is consumed by the handler
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage());
        } catch (CsvParseException e) {
            if (e.getCause() instanceof DataFileException d) {
                throw d;
            }
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw new DataFileException(file, "not valid CSV: " + reason);
        }
        if (handler.byIndex == null) {
            throw new DataFileException(file, "empty file: a CSV needs a header row");
        }
        return new DataTable(file, handler.columns, handler.rows);
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
        if (byIndex == null) {
            header.add(new String(buf, offset, len).strip());
        } else if (fieldIdx < byIndex.length && byIndex[fieldIdx] != null) {
            byIndex[fieldIdx].cell(buf, offset, len, getStartingLineNumber());
        }
    }

    @Override
    protected Boolean buildRecord() {
        if (getRecordType() != RecordType.DATA) {
            return Boolean.TRUE;
        }
        if (byIndex == null) {
            start();
            return Boolean.TRUE;
        }
        if (getFieldCount() != byIndex.length) {
            throw new DataFileException(file, getStartingLineNumber(), getFieldCount() + " fields, but the header has "
                    + byIndex.length);
        }
        rows++;
        return Boolean.TRUE;
    }

    private void start() {
        Set<String> seen = new HashSet<>();
        byIndex = new Column[header.size()];
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isEmpty()) {
                throw new DataFileException(file, getStartingLineNumber(), "column " + (i + 1)
                        + " has no name in the header row");
            }
            if (!seen.add(name)) {
                throw new DataFileException(file, getStartingLineNumber(), "column '" + name
                        + "' appears twice in the header row");
            }
            if (plan.wants(name)) {
                byIndex[i] = new Column(name, file, plan.declared(name));
                columns.put(name, byIndex[i]);
            }
        }
    }
}
