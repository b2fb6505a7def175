package io.mlctl.controlplane.experiment.report;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-day statistics of one experiment as stored: exposed units per arm and day, and per metric, arm and day
 * the sum and sum of squares of the units' values. Cumulative totals up to any day give the report and, day by day,
 * the lift-over-time series. Metric values of units that never got one count as 0 (a unit that did not convert).
 */
public final class StatsHistory {
    private final Map<String, NavigableMap<LocalDate, Long>> exposures = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, double[]>> values = new HashMap<>();

    public void addExposures(String arm, LocalDate day, long units) {
        exposures.computeIfAbsent(arm, a -> new TreeMap<>()).merge(day, units, Long::sum);
    }

    public void addValues(String metric, String arm, LocalDate day, double total, double squares) {
        double[] s = values.computeIfAbsent(metric + '\u0000' + arm, k -> new TreeMap<>())
                .computeIfAbsent(day, d -> new double[2]);
        s[0] += total;
        s[1] += squares;
    }

    /** Exposed units of an arm up to and including {@code day}. */
    public long units(String arm, LocalDate day) {
        NavigableMap<LocalDate, Long> m = exposures.get(arm);
        return m == null ? 0 : m.headMap(day, true).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The metric's sums in an arm up to and including {@code day}. */
    public Sums sums(String metric, String arm, LocalDate day) {
        long n = units(arm, day);
        NavigableMap<LocalDate, double[]> m = values.get(metric + '\u0000' + arm);
        double total = 0;
        double squares = 0;
        if (m != null) {
            for (double[] s : m.headMap(day, true).values()) {
                total += s[0];
                squares += s[1];
            }
        }
        return new Sums(n, total, squares);
    }

    /** Every day with data, oldest first. */
    public NavigableSet<LocalDate> days() {
        NavigableSet<LocalDate> days = new TreeSet<>();
        exposures.values().forEach(m -> days.addAll(m.keySet()));
        values.values().forEach(m -> days.addAll(m.keySet()));
        return days;
    }

    /** The last day with data, or {@link LocalDate#MAX} (everything) when there is none. */
    public LocalDate lastDay() {
        NavigableSet<LocalDate> d = days();
        return d.isEmpty() ? LocalDate.MAX : d.last();
    }
}
