package io.mlctl.controlplane.experiment;

import io.mlctl.controlplane.experiment.report.Arms;
import io.mlctl.controlplane.experiment.report.ReportBuilder;
import io.mlctl.controlplane.experiment.store.StatsStore;
import io.mlctl.controlplane.experiment.store.ExperimentEntity;
import io.mlctl.controlplane.experiment.store.ExperimentRepository;
import io.micronaut.core.annotation.Nullable;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Assignment;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.experiment.StickyAssignment;
import io.mlctl.registry.audit.AuditLog;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Experiments: create, read, stop (all audited writes), sticky assignment and the report. */
@Singleton
public class ExperimentService {
    private final ExperimentRepository experiments;
    private final ExperimentDefinitions definitions;
    private final ExperimentModels models;
    private final StatsStore store;
    private final AuditLog audit;
    private final Jdbc jdbc;

    public ExperimentService(ExperimentRepository experiments, ExperimentDefinitions definitions, ExperimentModels models,
                             StatsStore store, AuditLog audit, Jdbc jdbc) {
        this.experiments = experiments;
        this.definitions = definitions;
        this.models = models;
        this.store = store;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** 422 for invalid fields, then 404 for an unregistered model and 422 for arm versions it does not have. */
    public Experiment create(ExperimentRequest request, String actor) {
        return jdbc.write(c -> {
            Instant now = now();
            ExperimentEntity defined = definitions.define(request, actor, now);
            ExperimentEntity entity = definitions.withArms(defined, models.bind(defined.model(), definitions.arms(defined)));
            if (experiments.existsById(entity.id())) {
                throw ProblemException.conflict("an experiment named '" + entity.id() + "' already exists");
            }
            experiments.save(entity);
            Experiment created = definitions.toApi(entity, Map.of(), now);
            audit.record(actor, "experiment.create", target(entity.id()), null, created);
            return created;
        });
    }

    public Experiment get(String id) {
        return jdbc.read(c -> {
            return definitions.toApi(find(id), store.observed(id), now());
        });
    }

    public Page<Experiment> list(@Nullable String model, int page, int size) {
        return jdbc.read(c -> {
            List<ExperimentEntity> rows = experiments.search(model, size, (long) page * size);
            Map<String, Map<String, Long>> observed = store.observed(rows.stream().map(ExperimentEntity::id).toList());
            Instant now = now();
            return new Page<>(rows.stream().map(r -> definitions.toApi(r, observed.getOrDefault(r.id(), Map.of()), now)).toList(),
                    page, size, experiments.count(model));
        });
    }

    /** Stops accepting events; stopping a stopped experiment changes nothing (safe to retry). */
    public Experiment stop(String id, @Nullable String reason, String actor) {
        return jdbc.write(c -> {
            ExperimentEntity row = experiments.findForUpdate(id)
                    .orElseThrow(() -> ProblemException.notFound("no experiment named '" + id + "'"));
            Instant now = now();
            Experiment before = definitions.toApi(row, store.observed(id), now);
            if (before.status() == ExperimentStatus.stopped) {
                return before;
            }
            if (reason != null && reason.length() > 500) {
                throw ProblemException.unprocessable("reason must be at most 500 characters", List.of());
            }
            ExperimentEntity stopped = experiments.update(row.stopped(now, reason == null || reason.isBlank() ? "stopped by " + actor : reason));
            Experiment after = definitions.toApi(stopped, store.observed(id), now);
            audit.record(actor, "experiment.stop", target(id), before, after);
            return after;
        });
    }

    public Assignment assign(String id, String unit) {
        return jdbc.read(c -> {
            if (unit == null || unit.isEmpty() || unit.length() > EventParser.MAX_UNIT_LENGTH) {
                throw ProblemException.badRequest("query parameter 'unit' must be 1 to " + EventParser.MAX_UNIT_LENGTH + " characters");
            }
            Experiment e = definitions.toApi(find(id), Map.of(), now());
            var weighted = Arms.weighted(e.arms());
            String arm = StickyAssignment.arm(e.salt(), unit, weighted);
            String version = e.arms().stream().filter(a -> a.name().equals(arm)).map(ArmSpec::version).findFirst().orElse(null);
            long total = e.arms().stream().mapToLong(ArmSpec::weight).sum();
            return new Assignment(e.id(), unit, arm, version, StickyAssignment.bucket(e.salt(), unit, (int) total));
        });
    }

    public ExperimentReport report(String id) {
        return jdbc.read(c -> {
            Instant now = now();
            Experiment e = definitions.toApi(find(id), store.observed(id), now);
            return ReportBuilder.build(e, store.history(id), now);
        });
    }

    /** Exposed units per arm (0 until the first) of the experiments still accepting events, for the metric. */
    public Map<String, Map<String, Long>> runningSamples() {
        return jdbc.read(c -> {
            Instant now = now();
            List<Experiment> running = experiments.findRunning().stream()
                    .map(e -> definitions.toApi(e, Map.of(), now))
                    .filter(e -> e.status() == ExperimentStatus.running).toList();
            Map<String, Map<String, Long>> observed = running.isEmpty() ? Map.of()
                    : store.observed(running.stream().map(Experiment::id).toList());
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            for (Experiment e : running) {
                Map<String, Long> arms = new LinkedHashMap<>();
                e.arms().forEach(a -> arms.put(a.name(), observed.getOrDefault(e.id(), Map.of()).getOrDefault(a.name(), 0L)));
                out.put(e.id(), arms);
            }
            return out;
        });
    }

    /** The reports of the experiments still accepting events, for the lift and sample-size metrics. */
    public List<ExperimentReport> runningReports() {
        return jdbc.read(c -> {
            Instant now = now();
            List<ExperimentEntity> rows = experiments.findRunning();
            Map<String, Map<String, Long>> observed = rows.isEmpty() ? Map.of()
                    : store.observed(rows.stream().map(ExperimentEntity::id).toList());
            return rows.stream()
                    .map(r -> definitions.toApi(r, observed.getOrDefault(r.id(), Map.of()), now))
                    .filter(e -> e.status() == ExperimentStatus.running)
                    .map(e -> ReportBuilder.build(e, store.history(e.id()), now))
                    .toList();
        });
    }

    /** Ids of the experiments of a model that still accept events (past maxDuration reads as stopped). */
    public List<String> running(String model) {
        return jdbc.read(c -> {
            Instant now = now();
            return experiments.findRunning().stream().filter(e -> e.model().equals(model))
                    .map(e -> definitions.toApi(e, Map.of(), now))
                    .filter(e -> e.status() == ExperimentStatus.running)
                    .map(Experiment::id).sorted().toList();
        });
    }

    private ExperimentEntity find(String id) {
        return experiments.findById(id).orElseThrow(() -> ProblemException.notFound("no experiment named '" + id + "'"));
    }

    private static String target(String id) {
        return "experiments/" + id;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
