package io.mlctl.controlplane.retrain;

import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.retrain.RetrainPolicy;
import io.mlctl.api.retrain.RetrainPolicyRequest;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.api.retrain.RetrainTriggerRequest;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.model.ModelService;
import io.mlctl.registry.model.VersionService;
import io.mlctl.rollout.api.Durations;
import io.mlctl.rollout.api.ModelRolloutValidator;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Retrain policies and manual/operator triggers, with validation and the audit log. */
@Singleton
public class RetrainService {
    static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

    private final Jdbc jdbc;
    private final PolicyStore policies;
    private final TriggerStore triggers;
    private final ModelService models;
    private final VersionService versions;
    private final AuditLog audit;
    private final TriggerDispatcher dispatcher;
    private final RetrainMetrics metrics;

    public RetrainService(Jdbc jdbc, PolicyStore policies, TriggerStore triggers,
                          ModelService models, VersionService versions, AuditLog audit, TriggerDispatcher dispatcher,
                          RetrainMetrics metrics) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.triggers = triggers;
        this.models = models;
        this.versions = versions;
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    public RetrainPolicy setPolicy(String model, RetrainPolicyRequest r, String actor) {
        models.get(model); // 404 for an unknown model
        List<ProblemError> errors = new ArrayList<>();
        if (r.webhook() != null) {
            try {
                URI u = URI.create(r.webhook().trim());
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                        || u.getHost() == null) {
                    errors.add(ProblemError.field("webhook", "must be an http(s) URL"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("webhook", "is not a URL: " + e.getMessage()));
            }
        }
        if (r.on() != null) {
            try {
                Condition.parse(r.on());
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("on", e.getMessage()));
            }
        }
        Duration cooldown = DEFAULT_COOLDOWN;
        if (r.cooldown() != null) {
            try {
                cooldown = Durations.parse(r.cooldown().trim());
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("cooldown", e.getMessage()));
            }
        }
        if (r.jobTemplate() != null) {
            try {
                JobLauncher.parse(r.jobTemplate());
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("jobTemplate", e.getMessage()));
            }
        }
        if (r.rolloutTemplate() != null) {
            try {
                var rollout = RolloutLauncher.parse(r.rolloutTemplate());
                var spec = rollout.getSpec();
                var filled = new io.mlctl.rollout.api.ModelRolloutSpec(model, spec.baseline() == null ? io.mlctl.rollout.api.ModelRolloutSpec.DEFAULT_BASELINE
                        : spec.baseline(), "1", spec.server(), spec.traffic(), spec.strategy(), spec.guardrails(),
                        spec.retrain(), null, null, null);
                for (String problem : ModelRolloutValidator.validate(filled)) {
                    errors.add(ProblemError.field("rolloutTemplate", problem));
                }
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("rolloutTemplate", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("the retrain policy is invalid: " + errors.get(0).field() + " "
                    + errors.get(0).reason(), errors);
        }
        Duration finalCooldown = cooldown;
        return jdbc.write(c -> {
            Optional<PolicyRow> before = policies.find(c, model, true);
            PolicyRow old = before.orElse(null);
            String webhook = r.webhook() != null ? blankToNull(r.webhook().trim()) : old == null ? null : old.webhook();
            String jobTemplate = r.jobTemplate() != null ? blankToNull(r.jobTemplate())
                    : old == null ? null : old.jobTemplate();
            if (webhook == null && jobTemplate == null) {
                throw ProblemException.unprocessable("a retrain policy needs a webhook or a job template",
                        List.of(ProblemError.field("webhook", "is required without jobTemplate")));
            }
            PolicyRow row = new PolicyRow(model, webhook,
                    r.secret() != null ? r.secret() : old == null ? null : old.secret(),
                    r.on() != null ? blankToNull(r.on().trim()) : old == null ? null : old.on(),
                    r.minDriftShare() != null ? r.minDriftShare() : old == null ? 0.5 : old.minDriftShare(),
                    r.consecutive() != null ? r.consecutive() : old == null ? 1 : old.consecutive(),
                    r.cooldown() != null ? finalCooldown : old == null ? DEFAULT_COOLDOWN : old.cooldown(),
                    jobTemplate,
                    r.jobNamespace() != null ? blankToNull(r.jobNamespace()) : old == null ? null : old.jobNamespace(),
                    r.rolloutTemplate() != null ? blankToNull(r.rolloutTemplate())
                            : old == null ? null : old.rolloutTemplate(),
                    r.rolloutNamespace() != null ? blankToNull(r.rolloutNamespace())
                            : old == null ? null : old.rolloutNamespace(),
                    r.enabled() != null ? r.enabled() : old == null || old.enabled(),
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), actor);
            policies.save(c, row, old != null);
            audit.record(actor, "retrain-policy.set", "models/" + model + "/retrain/policy",
                    old == null ? null : old.view(), row.view());
            return row.view();
        });
    }

    public RetrainPolicy policy(String model) {
        models.get(model);
        return jdbc.read(c -> policies.find(c, model, false)).map(PolicyRow::view).orElseThrow(() ->
                ProblemException.notFound("model " + model + " has no retrain policy; set one with mlctl retrain "
                        + "set-policy " + model + " --webhook URL --secret S"));
    }

    public Page<RetrainTrigger> triggers(String model, int page, int size) {
        models.get(model);
        return jdbc.read(c -> new Page<>(triggers.list(c, model, size, (long) page * size), page, size,
                triggers.count(c, model)));
    }

    public RetrainTrigger trigger(String model, long id) {
        return jdbc.read(c -> triggers.get(c, id)).filter(t -> t.model().equals(model))
                .orElseThrow(() -> ProblemException.notFound("model " + model + " has no retrain trigger " + id));
    }

    /** A manual or operator-initiated trigger; answers it and whether it is new (false: a recent one of the same). */
    public Created fire(String model, RetrainTriggerRequest r, String actor) {
        versions.get(model, r.version()); // 404 for an unknown model or version
        Created created = jdbc.write(c -> {
            PolicyRow p = policies.find(c, model, true).orElseThrow(() -> ProblemException.conflict("model "
                    + model + " has no retrain policy to deliver the trigger; set one with mlctl retrain "
                    + "set-policy"));
            Instant now = Instant.now();
            Optional<RetrainTrigger> same = triggers.recentSame(c, model, r.version(), r.reason(),
                    now.minus(p.cooldown()));
            if (same.isPresent()) {
                return new Created(same.get(), false);
            }
            Map<String, Object> evidence = r.evidence() == null ? new LinkedHashMap<>() : r.evidence();
            long id = triggers.insert(c, model, r.version(), r.reason(), null, evidence, actor, now);
            RetrainTrigger t = triggers.get(c, id).orElseThrow();
            audit.record(actor, "retrain-trigger.create", "models/" + model + "/retrain/triggers/" + id, null, t);
            return new Created(t, true);
        });
        if (created.isNew()) {
            metrics.fired(model, r.reason());
            dispatcher.wake();
        }
        return created;
    }

    public record Created(RetrainTrigger trigger, boolean isNew) {
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
