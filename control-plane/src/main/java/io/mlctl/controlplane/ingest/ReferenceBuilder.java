package io.mlctl.controlplane.ingest;

import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SampleColumn;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifiers;
import io.mlctl.api.common.Limits;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a version's reference profile from a streamed CSV (header row, one column per feature and one for the
 * prediction) or NDJSON file (the sample format), in bounded memory whatever the file's size. Numbers are kept
 * exactly up to {@link #EXACT_LIMIT} values per feature, so a training set of ordinary size gets NumPy's quantile
 * edges and exact KS; beyond that the profile switches to a streaming quantile sketch. Rows are checked against the
 * schema like samples; any bad row rejects the upload (422 with the first rows' line and reason).
 */
public final class ReferenceBuilder {
    /** Values per numeric feature kept exactly (8 bytes each) before switching to the sketch. */
    public static final int EXACT_LIMIT = 200_000;

    private final SampleSchema schema;
    private final List<SampleColumn> columns;
    private final Sink[] sinks;
    private final List<RowError> errors = new ArrayList<>();
    private long rows;
    private long rejected;

    public ReferenceBuilder(SampleSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
        this.sinks = new Sink[columns.size()];
        for (int i = 0; i < sinks.length; i++) {
            SampleColumn c = columns.get(i);
            sinks[i] = c.numeric() ? new NumericSink(schema.binsOf(c.name())) : new CategoricalSink();
        }
    }

    public long rows() {
        return rows;
    }

    /** Reads NDJSON samples ({@code ts} is ignored). */
    public ReferenceBuilder readNdjson(InputStream in, long maxBytes) throws IOException {
        RowParser parser = new RowParser(schema);
        new LineReader(maxBytes, 1 << 20).read(in, (lineNo, buf, len, tooLong) -> {
            if (tooLong) {
                error(new RowError(lineNo, null, "line is longer than 1048576 bytes", RejectReason.LINE_TOO_LONG));
                return;
            }
            if (LineReader.isBlank(buf, len)) {
                return;
            }
            RowParser.Row row = new RowParser.Row(parser.width());
            RowError e = parser.parse(buf, len, lineNo, row);
            if (e != null) {
                error(e);
            } else {
                add(row.boxed());
            }
        });
        return this;
    }

    /**
     * Reads CSV (RFC 4180, UTF-8) with a header row; columns not in the schema are ignored, every schema column must be
     * there. Every row must have as many cells as the header; a quote left open, a cell longer than
     * {@link Limits#LINE} characters or a row that is not CSV rejects the upload with a 422 naming its line.
     */
    public ReferenceBuilder readCsv(InputStream in) throws IOException {
        CsvRecordHandler handler = CsvRecordHandler.builder().maxFieldSize(Limits.LINE).maxRecordSize(Limits.LINE)
                .fieldModifier(FieldModifiers.TRIM).build();
        CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true)
                .allowExtraFields(true).allowMissingFields(true) // checked below, as a row error with its line
                .allowUnclosedQuote(false).allowExtraCharsAfterClosingQuote(false)
                .build(handler, new StrictUtf8Reader(in)); // invalid UTF-8: 422 with its line and byte offset
        long lastLine = 1;
        try (reader) {
            java.util.Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw ProblemException.badRequest("the file is empty: expected a CSV header row");
            }
            CsvRecord head = it.next();
            int width = head.getFieldCount();
            int[] columnOf = header(head.getFields().toArray(String[]::new));
            while (it.hasNext()) {
                CsvRecord rec = it.next();
                int line = (int) rec.getStartingLineNumber();
                lastLine = line;
                if (rec.getFieldCount() != width) {
                    error(new RowError(line, null, "the row has " + rec.getFieldCount() + " cells, the header "
                            + width, RejectReason.MALFORMED));
                    continue;
                }
                RowParser.Row row = new RowParser.Row(columns.size());
                RowError e = csvRow(rec.getFields().toArray(String[]::new), columnOf, line, row);
                if (e != null) {
                    error(e);
                } else {
                    add(row.boxed());
                }
            }
        } catch (de.siegmar.fastcsv.reader.CsvParseException | java.io.UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ProblemException p) {
                    throw p; // our own size limit, thrown from inside the CSV reader
                }
            }
            if (e instanceof java.io.UncheckedIOException u) {
                throw u.getCause(); // the connection, not the document
            }
            int line = lineOf(e, lastLine);
            String why = reasonOf(e);
            throw ProblemException.unprocessable("malformed CSV at line " + line + ": " + why,
                    List.of(ProblemError.line(line, why)));
        }
        return this;
    }

    private static final java.util.regex.Pattern LINE_IN_MESSAGE = java.util.regex.Pattern.compile("line (\\d+)");

    /** FastCSV names the line where the record that failed started; fall back on the last good record's. */
    private static int lineOf(Throwable e, long lastLine) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                java.util.regex.Matcher m = LINE_IN_MESSAGE.matcher(t.getMessage());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return (int) lastLine + 1;
    }

    private static String reasonOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "not CSV" : t.getMessage();
        if (m.toLowerCase(Locale.ROOT).contains("quote") || m.contains("end of")) {
            return "a quoted cell is not closed";
        }
        return Limits.echo(m);
    }

    /** Index of each schema column in the CSV header. */
    private int[] header(String[] names) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i].trim(), i);
        }
        int[] columnOf = new int[columns.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            SampleColumn c = columns.get(i);
            Integer at = index.get(c.name());
            if (i == schema.predictionIndex()) { // by its schema name, "prediction" or __prediction__
                for (String alias : List.of(c.feature().name(), "prediction")) {
                    if (at == null) {
                        at = index.get(alias);
                    }
                }
            }
            if (at == null) {
                missing.add(c.feature().name());
            } else {
                columnOf[i] = at;
            }
        }
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("the CSV header lacks columns of schema " + schema.ref() + ": "
                    + String.join(", ", missing), missing.stream().map(m -> new ProblemError(1, m,
                    "missing column")).toList());
        }
        return columnOf;
    }

    private RowError csvRow(String[] cells, int[] columnOf, int line, RowParser.Row row) {
        for (int i = 0; i < columns.size(); i++) {
            SampleColumn c = columns.get(i);
            String field = c.feature().name();
            String cell = columnOf[i] < cells.length ? cells[columnOf[i]] : "";
            Object v;
            if (cell.isEmpty() || cell.equalsIgnoreCase("null") || cell.equalsIgnoreCase("na")) {
                v = null;
            } else {
                switch (c.feature().type()) {
                    case NUMERIC -> {
                        try {
                            v = parseNumber(cell);
                        } catch (NumberFormatException e) {
                            return new RowError(line, field, "'" + RowError.abbreviate(cell) + "' is not a number",
                                    RejectReason.WRONG_TYPE);
                        }
                    }
                    case BOOLEAN -> {
                        String b = cell.toLowerCase(Locale.ROOT);
                        v = b.equals("true") || b.equals("1") ? Boolean.TRUE
                                : b.equals("false") || b.equals("0") ? Boolean.FALSE : cell;
                    }
                    default -> v = cell;
                }
            }
            RowError e = RowParser.accept(c, v, line, field, i, row);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static double parseNumber(String cell) {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(cell);
        };
    }

    private void add(Object[] values) {
        rows++;
        for (int i = 0; i < values.length; i++) {
            sinks[i].add(values[i]);
        }
    }

    private void error(RowError e) {
        rejected++;
        if (errors.size() < SampleReader.MAX_ERRORS) {
            errors.add(e);
        }
    }

    /**
     * The reference profile.
     *
     * @throws ProblemException 422 when rows were rejected or there were none
     */
    public DatasetProfile build() {
        if (rejected > 0) {
            RowError first = errors.get(0);
            throw ProblemException.unprocessable(rejected + " rows break schema " + schema.ref() + " (first: line "
                    + first.line() + ": " + first.reason() + "); no profile was stored",
                    errors.stream().map(RowError::toProblemError).toList()).with("rejected", rejected);
        }
        if (rows == 0) {
            throw ProblemException.unprocessable("the file has no rows: a reference needs data", List.of());
        }
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i).name(), sinks[i].build());
        }
        return new DatasetProfile(out);
    }

    private interface Sink {
        void add(Object value);

        FeatureProfile build();
    }

    /** Exact while small, then a streaming sketch fed with everything seen so far. */
    private static final class NumericSink implements Sink {
        private final int bins;
        private double[] values = new double[1024];
        private int n;
        private long nulls;
        private NumericProfile.Builder streaming;

        NumericSink(int bins) {
            this.bins = bins;
        }

        @Override
        public void add(Object value) {
            if (value == null) {
                nulls++;
                return;
            }
            double v = (Double) value;
            if (streaming != null) {
                streaming.add(v);
                return;
            }
            if (n == EXACT_LIMIT) {
                streaming = NumericProfile.builder(ProfileMode.STREAMING).referenceBins(bins);
                streaming.addAll(values, 0, n);
                values = null;
                streaming.add(v);
                return;
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.min(EXACT_LIMIT, n * 2));
            }
            values[n++] = v;
        }

        @Override
        public FeatureProfile build() {
            NumericProfile.Builder b = streaming;
            if (b == null) {
                b = NumericProfile.builder(ProfileMode.EXACT).referenceBins(bins);
                b.addAll(values, 0, n);
            }
            b.addNulls(nulls);
            return b.build();
        }
    }

    private static final class CategoricalSink implements Sink {
        private final CategoricalProfile.Builder builder = CategoricalProfile.builder(ProfileMode.STREAMING);

        @Override
        public void add(Object value) {
            builder.add((String) value);
        }

        @Override
        public FeatureProfile build() {
            return builder.build();
        }
    }
}
