package io.mlctl.controlplane.experiment;

import io.mlctl.controlplane.experiment.report.Arms;
import io.mlctl.controlplane.experiment.report.SampleRequirements;
import io.mlctl.controlplane.experiment.store.ExperimentEntity;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Correction;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.Samples;
import io.mlctl.experiment.ConfidenceSequence;
import io.mlctl.experiment.ExperimentInputException;
import io.mlctl.experiment.StickyAssignment;
import io.mlctl.api.common.Durations;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a create request into a stored experiment (validated, defaults filled in) and a stored row back into the
 * API's {@link Experiment}. Every rule that fails is reported at once, as 422 with one error per field.
 */
@Singleton
public class ExperimentDefinitions {
    static final double DEFAULT_ALPHA = 0.05;
    static final double DEFAULT_POWER = 0.8;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Argument<List<ArmSpec>> ARMS = Argument.listOf(ArmSpec.class);
    private static final Argument<List<MetricSpec>> METRICS = Argument.listOf(MetricSpec.class);

    private final JsonMapper json;

    public ExperimentDefinitions(JsonMapper json) {
        this.json = json;
    }

    /** Validates and normalizes; throws 422 listing every problem. */
    ExperimentEntity define(ExperimentRequest r, String actor, Instant now) {
        List<ProblemError> errors = new ArrayList<>();
        label(errors, "name", r.name());
        label(errors, "model", r.model());
        double alpha = probability(errors, "alpha", r.alpha(), DEFAULT_ALPHA);
        double power = probability(errors, "power", r.power(), DEFAULT_POWER);
        List<ArmSpec> arms = arms(errors, r.arms());
        Long maxSeconds = null;
        if (r.maxDuration() != null) {
            try {
                Duration d = Durations.parse(r.maxDuration());
                if (d.isZero()) {
                    errors.add(ProblemError.field("maxDuration", "must be longer than 0"));
                }
                maxSeconds = d.toSeconds();
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.field("maxDuration", r.maxDuration().length() > io.mlctl.api.common.Limits.ECHO_PREFIX
                        ? "is not a duration like 30m, 12h or 7d (" + r.maxDuration().length() + " characters)"
                        : e.getMessage()));
            }
        }
        long nStar = r.nStar() == null ? ConfidenceSequence.DEFAULT_N_STAR : r.nStar();
        if (nStar < 1) {
            errors.add(ProblemError.field("nStar", "must be at least 1, got " + nStar));
        }
        String salt = r.salt() == null ? HexFormat.of().formatHex(random()) : r.salt();
        if (salt.isEmpty() || salt.length() > 200) {
            errors.add(ProblemError.field("salt", "must be 1 to 200 characters"));
        }
        if (r.description() != null && r.description().length() > io.mlctl.api.common.Limits.DESCRIPTION) {
            // the same bound as a model's or a version's description (docs/LIMITS.md)
            errors.add(ProblemError.field("description", "must be at most " + io.mlctl.api.common.Limits.DESCRIPTION
                    + " characters, got " + r.description().length()));
        }
        List<MetricSpec> metrics = metrics(errors, r.metrics());
        if (errors.isEmpty()) {
            sizes(errors, arms, metrics, alpha, power);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable(errors.size() == 1 ? describe(errors.get(0))
                    : "the experiment has " + errors.size() + " invalid fields: " + describe(errors.get(0)) + "; ...", errors);
        }
        return new ExperimentEntity(r.name(), r.model(), r.description(), write(arms), write(metrics), alpha, power,
                salt, r.maxDuration(), maxSeconds, nStar, (r.correction() == null ? Correction.holm : r.correction()).name(),
                ExperimentStatus.running.name(), now, actor, null, null);
    }

    List<ArmSpec> arms(ExperimentEntity e) {
        return read(e.arms(), ARMS);
    }

    ExperimentEntity withArms(ExperimentEntity e, List<ArmSpec> arms) {
        return e.withArms(write(arms));
    }

    /** The API view; a running experiment past its maxDuration reads as stopped (it accepts no events either). */
    Experiment toApi(ExperimentEntity e, Map<String, Long> observed, Instant now) {
        ExperimentStatus status = ExperimentStatus.valueOf(e.status());
        Instant stoppedAt = e.stoppedAt();
        String reason = e.stopReason();
        if (status == ExperimentStatus.running && e.maxDurationSeconds() != null) {
            Instant end = e.createdAt().plusSeconds(e.maxDurationSeconds());
            if (!now.isBefore(end)) {
                status = ExperimentStatus.stopped;
                stoppedAt = end;
                reason = "maxDuration " + e.maxDuration() + " reached";
            }
        }
        Experiment x = new Experiment(e.id(), e.model(), e.description(), read(e.arms(), ARMS), read(e.metrics(), METRICS),
                e.alpha(), e.power(), e.salt(), e.maxDuration(), e.nStar(), Correction.valueOf(e.correction()), status,
                e.createdAt(), e.createdBy(), stoppedAt, reason, new Samples(Map.of(), Map.of()));
        Map<String, Long> perArm = new java.util.LinkedHashMap<>();
        x.arms().forEach(a -> perArm.put(a.name(), observed.getOrDefault(a.name(), 0L)));
        return withSamples(x, new Samples(SampleRequirements.required(x), perArm));
    }

    static Experiment withSamples(Experiment x, Samples samples) {
        return new Experiment(x.id(), x.model(), x.description(), x.arms(), x.metrics(), x.alpha(), x.power(), x.salt(),
                x.maxDuration(), x.nStar(), x.correction(), x.status(), x.createdAt(), x.createdBy(), x.stoppedAt(),
                x.stopReason(), samples);
    }

    private static byte[] random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void label(List<ProblemError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(ProblemError.field(field, "is required"));
        } else if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            errors.add(ProblemError.field(field, "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got '" + io.mlctl.api.common.Limits.echo(value) + "'"));
        }
    }

    private static double probability(List<ProblemError> errors, String field, Double value, double dflt) {
        double v = value == null ? dflt : value;
        if (!(v > 0 && v < 1)) {
            errors.add(ProblemError.field(field, "must be between 0 and 1 (exclusive), got " + v));
        }
        return v;
    }

    private static List<ArmSpec> arms(List<ProblemError> errors, List<ArmSpec> given) {
        if (given == null || given.isEmpty()) {
            return List.of(new ArmSpec(Arms.CONTROL, null, 50), new ArmSpec("treatment", null, 50));
        }
        if (given.size() < 2) {
            errors.add(ProblemError.field("arms", "an experiment needs at least 2 arms (a control and a treatment)"));
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (int i = 0; i < given.size(); i++) {
            ArmSpec a = given.get(i);
            String f = "arms[" + i + "]";
            if (a == null) {
                errors.add(ProblemError.field(f, "must not be null"));
                continue;
            }
            label(errors, f + ".name", a.name());
            if (a.name() != null && !names.add(a.name())) {
                errors.add(ProblemError.field(f + ".name", "duplicate arm '" + a.name() + "'"));
            }
            if (a.weight() == null) {
                errors.add(ProblemError.field(f + ".weight", "is required: a positive integer share of the traffic"));
                continue;
            }
            if (a.weight() < 1) {
                errors.add(ProblemError.field(f + ".weight", "must be a positive integer share of the traffic, got " + a.weight()));
            }
            if (a.version() != null && a.version().length() > 63) {
                errors.add(ProblemError.field(f + ".version", "must be at most 63 characters"));
            }
            total += Math.max(0, a.weight());
        }
        if (total > StickyAssignment.MAX_TOTAL_WEIGHT) {
            errors.add(ProblemError.field("arms", "weights must add up to at most " + StickyAssignment.MAX_TOTAL_WEIGHT));
        }
        return given;
    }

    private static List<MetricSpec> metrics(List<ProblemError> errors, List<MetricSpec> given) {
        List<MetricSpec> out = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            errors.add(ProblemError.field("metrics", "at least one primary metric is required"));
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            MetricSpec m = given.get(i);
            String f = "metrics[" + i + "]";
            if (m == null) {
                errors.add(ProblemError.field(f, "must not be null"));
                continue;
            }
            if (m.name() == null || !METRIC_NAME.matcher(m.name()).matches()) {
                errors.add(ProblemError.field(f + ".name", "must be 1 to 100 letters, digits or . _ : -"));
            } else if (!names.add(m.name())) {
                errors.add(ProblemError.field(f + ".name", "duplicate metric '" + m.name() + "'"));
            }
            if (m.type() == null) {
                errors.add(ProblemError.field(f + ".type", "is required: proportion or mean"));
            }
            MetricRole role = m.role() == null ? MetricRole.primary : m.role();
            MetricDirection dir = m.direction() == null ? MetricDirection.increase : m.direction();
            if (role == MetricRole.guardrail) {
                double margin = m.margin() == null ? 0 : m.margin();
                if (!(margin >= 0 && margin < 1)) {
                    errors.add(ProblemError.field(f + ".margin", "must be a share of the control level in [0, 1), got " + margin));
                }
                if (m.mdeAbsolute() != null || m.mdeRelative() != null) {
                    errors.add(ProblemError.field(f, "a guardrail takes a margin, not an MDE"));
                }
                out.add(new MetricSpec(m.name(), m.type(), role, dir, m.baseline(), m.sigma(), null, null, margin));
                continue;
            }
            if (m.margin() != null) {
                errors.add(ProblemError.field(f + ".margin", "only guardrail metrics have a margin"));
            }
            if ((m.mdeAbsolute() == null) == (m.mdeRelative() == null)) {
                errors.add(ProblemError.field(f, "a primary metric needs exactly one of mdeRelative and mdeAbsolute"));
            }
            if (m.type() == MetricType.proportion && m.baseline() == null) {
                errors.add(ProblemError.field(f + ".baseline", "a proportion metric needs the control's baseline rate"));
            }
            if (m.type() == MetricType.mean) {
                if (m.sigma() == null) {
                    errors.add(ProblemError.field(f + ".sigma", "a mean metric needs sigma, the standard deviation per unit"));
                }
                if (m.mdeRelative() != null && m.baseline() == null) {
                    errors.add(ProblemError.field(f + ".baseline", "a relative MDE of a mean metric needs the baseline mean"));
                }
            }
            out.add(new MetricSpec(m.name(), m.type(), role, dir, m.baseline(), m.sigma(), m.mdeRelative(), m.mdeAbsolute(), null));
        }
        if (out.stream().noneMatch(m -> m.role() == MetricRole.primary)) {
            errors.add(ProblemError.field("metrics", "at least one primary metric is required"));
        }
        return out;
    }

    /** Sizes every primary metric for every arm: the experiments module rejects rates, MDEs and ranges it cannot use. */
    private static void sizes(List<ProblemError> errors, List<ArmSpec> arms, List<MetricSpec> metrics, double alpha, double power) {
        Experiment probe = new Experiment("probe", "probe", null, arms, metrics, alpha, power, "s", null,
                ConfidenceSequence.DEFAULT_N_STAR, Correction.holm, ExperimentStatus.running, Instant.EPOCH, null, null, null,
                new Samples(Map.of(), Map.of()));
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec m = metrics.get(i);
            if (m.role() == MetricRole.guardrail) {
                continue;
            }
            try {
                ArmSpec control = Arms.control(arms);
                for (ArmSpec t : Arms.treatments(arms)) {
                    SampleRequirements.size(probe, m, control, t);
                }
            } catch (ExperimentInputException e) {
                errors.add(ProblemError.field("metrics[" + i + "]", e.getMessage()));
            }
        }
    }

    private static String describe(ProblemError e) {
        return e.field() + " " + e.reason();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
