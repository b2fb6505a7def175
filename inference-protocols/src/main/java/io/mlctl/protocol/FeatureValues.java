package io.mlctl.protocol;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The features of one decoded row as a read-only map in schema order: the names (and their positions) are the
 * decoder's, shared by every row, and the values are read from the row's {@link Cells} when asked for (a value object
 * is made on each {@code get}). A LinkedHashMap per row was the largest allocation of the logger's decoding (an entry
 * per feature, a table per row); {@link SampleRow} writes this map straight from the cells.
 */
final class FeatureValues extends AbstractMap<String, Object> {
    /** The feature names in order and each name's position, built once per decoder. */
    record Names(String[] names, Map<String, Integer> positions) {
        static Names of(java.util.List<String> names) {
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                positions.putIfAbsent(names.get(i), i);
            }
            return new Names(names.toArray(String[]::new), Map.copyOf(positions));
        }
    }

    /** One row's values by feature position. */
    interface Cells {
        /** The value as a sample value: Long, Double, String, Boolean or null. */
        Object value(int feature);

        /** Writes the value's JSON literal verbatim when it has a plain one and answers true, else false. */
        boolean writeLiteral(int feature, JsonGenerator g) throws IOException;
    }

    private final Names names;
    private final Cells cells;

    FeatureValues(Names names, Cells cells) {
        this.names = names;
        this.cells = cells;
    }

    String name(int i) {
        return names.names()[i];
    }

    Cells cells() {
        return cells;
    }

    @Override
    public int size() {
        return names.names().length;
    }

    @Override
    public boolean containsKey(Object key) {
        return names.positions().containsKey(key);
    }

    @Override
    public Object get(Object key) {
        Integer i = names.positions().get(key);
        return i == null ? null : cells.value(i);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names.names()[i], cells.value(i));
                    }
                };
            }

            @Override
            public int size() {
                return FeatureValues.this.size();
            }
        };
    }
}
