package io.mlctl.cli.drift;

import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.profile.Bins;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The offline comparison behind {@code mlctl drift compare}: reads both files (at the same time), settles each
 * feature's type, builds reference and current profiles in the chosen mode, and evaluates them — features in
 * parallel, on as many threads as there are cores.
 */
final class OfflineComparison {

    /**
     * The comparison's result, what the report header needs, and notes for the user (columns missing on one side,
     * columns the schema does not list).
     */
    record Outcome(DatasetDrift drift, long referenceRows, long currentRows, List<String> notes) {
    }

    /** A feature to compare and where it is in each file (null: absent). */
    private record Feature(String name, FeatureType type, Column reference, Column current, int bins) {
    }

    private OfflineComparison() {
    }

    static Outcome run(Path referenceFile, Path currentFile, SchemaFile schema, ProfileMode mode,
                       Integer binsOverride) {
        ReadPlan plan = plan(schema);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "drift-compare");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<DataTable> ref = pool.submit(() -> DataTables.read(referenceFile, plan));
            Future<DataTable> cur = pool.submit(() -> DataTables.read(currentFile, plan));
            DataTable reference = get(ref);
            DataTable current = get(cur);

            List<String> notes = new ArrayList<>();
            Map<String, FeatureType> types = schema != null ? declaredTypes(schema, reference, current, notes)
                    : inferredTypes(reference, current, notes);
            Set<String> categorical = new HashSet<>();
            types.forEach((name, type) -> {
                if (type == FeatureType.CATEGORICAL) {
                    categorical.add(name);
                }
            });
            Map<String, String> refColumns = columnsOf(schema, types.keySet(), reference);
            Map<String, String> curColumns = columnsOf(schema, types.keySet(), current);
            Future<DataTable> ref2 = pool.submit(() -> DataTables.asCategorical(reference,
                    translate(categorical, refColumns)));
            Future<DataTable> cur2 = pool.submit(() -> DataTables.asCategorical(current,
                    translate(categorical, curColumns)));
            DataTable finalRef = get(ref2);
            DataTable finalCur = get(cur2);

            DriftConfig config = schema != null ? schema.drift().config() : DriftConfig.defaults();
            List<Future<FeatureDrift>> results = new ArrayList<>();
            for (Map.Entry<String, FeatureType> e : types.entrySet()) {
                String name = e.getKey();
                int bins = binsOverride != null ? binsOverride : schema != null ? schema.bins(name) : Bins.DEFAULT_BINS;
                Feature f = new Feature(name, e.getValue(), column(finalRef, refColumns.get(name)),
                        column(finalCur, curColumns.get(name)), bins);
                results.add(pool.submit(() -> evaluate(f, mode, config)));
            }
            List<FeatureDrift> drifts = new ArrayList<>();
            for (Future<FeatureDrift> r : results) {
                drifts.add(get(r));
            }
            return new Outcome(DatasetDrift.of(drifts, config.datasetDriftShare()), finalRef.rows(), finalCur.rows(),
                    notes);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FeatureDrift evaluate(Feature f, ProfileMode mode, DriftConfig config) {
        FeatureProfile reference;
        FeatureProfile current;
        if (f.type() == FeatureType.NUMERIC) {
            NumericProfile.Builder rb = NumericProfile.builder(mode).referenceBins(f.bins());
            addNumbers(rb, f.reference());
            NumericProfile ref = rb.build();
            reference = ref;
            if (f.current() == null) {
                current = null;
            } else {
                // exact: keep the values (bins are counted from them); streaming: a window over the reference's bins
                NumericProfile.Builder cb = mode == ProfileMode.EXACT ? NumericProfile.builder(mode)
                        : ref.windowBuilder(mode);
                addNumbers(cb, f.current());
                current = cb.build();
            }
        } else {
            reference = categories(f.reference(), mode);
            current = f.current() == null ? null : categories(f.current(), mode);
        }
        return DriftEvaluator.evaluate(f.name(), reference, current, config.forFeature(f.name(), f.type()));
    }

    private static void addNumbers(NumericProfile.Builder b, Column c) {
        if (c != null) {
            b.addAll(c.values(), 0, c.size());
            b.addNulls(c.nulls());
        }
    }

    private static CategoricalProfile categories(Column c, ProfileMode mode) {
        CategoricalProfile.Builder b = CategoricalProfile.builder(mode);
        if (c != null) {
            c.categories().forEach((category, count) -> b.add(category, count[0]));
            b.addNulls(c.nulls());
        }
        return b.build();
    }

    private static ReadPlan plan(SchemaFile schema) {
        if (schema == null) {
            return ReadPlan.ALL;
        }
        Set<String> columns = new HashSet<>();
        Map<String, FeatureType> declared = new HashMap<>();
        for (SchemaFile.Declared f : schema.features()) {
            for (String c : f.columns()) {
                columns.add(c);
                declared.put(c, f.type());
            }
        }
        return new ReadPlan(columns, declared);
    }

    /** Without a schema: every column of either file; numeric only if it is numeric wherever it appears. */
    private static Map<String, FeatureType> inferredTypes(DataTable reference, DataTable current, List<String> notes) {
        Set<String> names = new LinkedHashSet<>(reference.columns().keySet());
        names.addAll(current.columns().keySet());
        Map<String, FeatureType> types = new LinkedHashMap<>();
        for (String name : names) {
            Column r = reference.columns().get(name);
            Column c = current.columns().get(name);
            if (r == null) {
                notes.add("column '" + name + "' is not in " + reference.file().getFileName()
                        + ": it has no reference data");
            } else if (c == null) {
                notes.add("column '" + name + "' is not in " + current.file().getFileName()
                        + ": it has no current data");
            }
            boolean numeric = (r == null || r.type() == FeatureType.NUMERIC) && (c == null || c.type() == FeatureType.NUMERIC);
            types.put(name, numeric ? FeatureType.NUMERIC : FeatureType.CATEGORICAL);
        }
        if (types.isEmpty()) {
            throw new DataFileException(reference.file(), "no columns to compare");
        }
        return types;
    }

    /** With a schema: its features, in its order; a required one must be in both files. */
    private static Map<String, FeatureType> declaredTypes(SchemaFile schema, DataTable reference, DataTable current,
                                                          List<String> notes) {
        Map<String, FeatureType> types = new LinkedHashMap<>();
        for (SchemaFile.Declared f : schema.features()) {
            for (DataTable t : List.of(reference, current)) {
                if (f.columns().stream().noneMatch(t.columns()::containsKey)) {
                    if (f.required()) {
                        throw new DataFileException(t.file(), "column '" + f.columns().get(0)
                                + "' is required by the schema but missing");
                    }
                    notes.add("column '" + f.columns().get(0) + "' is not in " + t.file().getFileName());
                }
            }
            types.put(f.name(), f.type());
        }
        return types;
    }

    /** Feature name to the column holding it in this table (absent features are left out). */
    private static Map<String, String> columnsOf(SchemaFile schema, Set<String> features, DataTable table) {
        Map<String, String> m = new HashMap<>();
        if (schema == null) {
            features.forEach(f -> {
                if (table.columns().containsKey(f)) {
                    m.put(f, f);
                }
            });
            return m;
        }
        for (SchemaFile.Declared f : schema.features()) {
            f.columns().stream().filter(table.columns()::containsKey).findFirst().ifPresent(c -> m.put(f.name(), c));
        }
        return m;
    }

    private static Set<String> translate(Set<String> features, Map<String, String> columns) {
        Set<String> s = new HashSet<>();
        features.forEach(f -> {
            if (columns.containsKey(f)) {
                s.add(columns.get(f));
            }
        });
        return s;
    }

    private static Column column(DataTable t, String column) {
        return column == null ? null : t.columns().get(column);
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
