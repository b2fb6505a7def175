package io.mlctl.controlplane.experiment;

import io.mlctl.controlplane.experiment.store.StatsStore;
import io.mlctl.controlplane.experiment.store.ExperimentEntity;
import io.mlctl.controlplane.experiment.store.ExperimentRepository;
import io.micronaut.json.JsonMapper;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.experiment.EventBatchResult;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.controlplane.experiment.store.StatsStore.ArmDay;
import io.mlctl.controlplane.experiment.store.StatsStore.ArmUnit;
import io.mlctl.controlplane.experiment.store.StatsStore.MetricArmDay;
import io.mlctl.controlplane.experiment.store.StatsStore.MetricUnit;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Folds an event batch into the experiment's statistics in one transaction, before the answer: new exposures (a unit
 * counts once per arm), each unit's metric value, the per-day sums, and the batch's Idempotency-Key. The experiment
 * row is locked for the transaction, so batches of one experiment never interleave and a stop request waits for
 * the batch in flight. A key seen before returns the first answer; nothing is counted twice.
 */
@Singleton
public class EventIngest {
    static final int MAX_KEY_LENGTH = 200;

    private final ExperimentRepository experiments;
    private final ExperimentDefinitions definitions;
    private final StatsStore store;
    private final JsonMapper json;
    private final Jdbc jdbc;

    public EventIngest(ExperimentRepository experiments, ExperimentDefinitions definitions, StatsStore store, JsonMapper json,
                       Jdbc jdbc) {
        this.experiments = experiments;
        this.definitions = definitions;
        this.store = store;
        this.json = json;
        this.jdbc = jdbc;
    }

    public EventBatchResult ingest(String id, String key, byte[] body) {
        return jdbc.write(c -> {
            if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
                throw ProblemException.badRequest("an Idempotency-Key header of 1 to " + MAX_KEY_LENGTH
                        + " characters is required, so a retried batch is counted once");
            }
            ExperimentEntity row = experiments.findForUpdate(id)
                    .orElseThrow(() -> ProblemException.notFound("no experiment named '" + id + "'"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String sha = sha256(body);
            var prior = store.batch(id, key);
            if (prior.isPresent()) {
                if (!prior.get().bodySha256().equals(sha)) {
                    throw ProblemException.conflict("Idempotency-Key '" + key + "' was already used for a different batch of "
                            + "this experiment; use a new key for new events");
                }
                var b = prior.get();
                return new EventBatchResult(key, true, b.events(), b.exposures(), b.metricValues(), b.acceptedAt());
            }
            Experiment e = definitions.toApi(row, Map.of(), now);
            if (e.status() == ExperimentStatus.stopped) {
                throw ProblemException.conflict("experiment '" + id + "' is stopped"
                        + (e.stopReason() == null ? "" : " (" + e.stopReason() + ")") + "; it accepts no more events");
            }
            List<Event> events = EventParser.parse(body, e, json, now);
            int exposures = foldExposures(id, events);
            int values = foldMetricValues(id, e, events);
            StatsStore.Batch batch = new StatsStore.Batch(key, sha, events.size(), exposures, values, now);
            store.insertBatch(id, batch);
            return new EventBatchResult(key, false, events.size(), exposures, values, now);
        });
    }

    /** Every event exposes its unit to its arm; only the first exposure of a unit in an arm counts. */
    private int foldExposures(String id, List<Event> events) {
        Set<ArmUnit> known = store.exposed(id, events.stream().map(Event::unit).collect(Collectors.toSet()));
        Map<ArmUnit, LocalDate> fresh = new LinkedHashMap<>();
        for (Event ev : events) {
            ArmUnit au = new ArmUnit(ev.arm(), ev.unit());
            if (!known.contains(au)) {
                fresh.merge(au, ev.day(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        store.insertExposures(id, fresh);
        Map<ArmDay, Long> perDay = new HashMap<>();
        fresh.forEach((au, day) -> perDay.merge(new ArmDay(au.arm(), day), 1L, Long::sum));
        store.addDailyExposures(id, perDay);
        return fresh.size();
    }

    /**
     * A unit's value is the max of its 0/1 events for a proportion (converted or not) and the sum of its events for a
     * mean (e.g. revenue); the per-day rows take the change of the sum and of the sum of squares that each event makes.
     */
    private int foldMetricValues(String id, Experiment e, List<Event> events) {
        List<Event> metricEvents = events.stream().filter(ev -> !ev.exposureOnly()).toList();
        if (metricEvents.isEmpty()) {
            return 0;
        }
        Map<String, MetricSpec> specs = e.metrics().stream().collect(Collectors.toMap(MetricSpec::name, Function.identity()));
        Map<MetricUnit, Double> stored = store.unitValues(id, metricEvents.stream().map(Event::unit).collect(Collectors.toSet()));
        Map<MetricUnit, Double> current = new HashMap<>();
        Set<MetricUnit> changed = new HashSet<>();
        Map<MetricArmDay, double[]> deltas = new LinkedHashMap<>();
        for (Event ev : metricEvents) {
            MetricUnit k = new MetricUnit(ev.metric(), ev.arm(), ev.unit());
            double old = current.containsKey(k) ? current.get(k) : stored.getOrDefault(k, 0.0);
            double updated = specs.get(ev.metric()).type() == MetricType.proportion ? Math.max(old, ev.value()) : old + ev.value();
            if (updated != old) {
                double[] d = deltas.computeIfAbsent(new MetricArmDay(ev.metric(), ev.arm(), ev.day()), x -> new double[2]);
                d[0] += updated - old;
                d[1] += updated * updated - old * old;
                current.put(k, updated);
                changed.add(k);
            }
        }
        Map<MetricUnit, Double> inserts = new HashMap<>();
        Map<MetricUnit, Double> updates = new HashMap<>();
        for (MetricUnit k : changed) {
            (stored.containsKey(k) ? updates : inserts).put(k, current.get(k));
        }
        store.insertUnitValues(id, inserts);
        store.updateUnitValues(id, updates);
        store.addDailyMetrics(id, deltas);
        return metricEvents.size();
    }

    static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
