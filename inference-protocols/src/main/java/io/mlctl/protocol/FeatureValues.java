package io.mlctl.protocol;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The features of one decoded row as a read-only map in schema order: the names (and their positions) are the
 * decoder's, shared by every row, and a row adds only its array of values. A LinkedHashMap per row was the largest
 * allocation of the logger's decoding (an entry per feature, a table per row); {@link SampleRow} writes this map
 * straight from the arrays.
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

    private final Names names;
    private final Object[] values;

    FeatureValues(Names names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    int count() {
        return values.length;
    }

    String name(int i) {
        return names.names()[i];
    }

    Object value(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return names.positions().containsKey(key);
    }

    @Override
    public Object get(Object key) {
        Integer i = names.positions().get(key);
        return i == null ? null : values[i];
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
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names.names()[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
