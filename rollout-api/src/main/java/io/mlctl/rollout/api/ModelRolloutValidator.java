package io.mlctl.rollout.api;

import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.GuardrailsSpec.DriftGuardrail;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.StrategySpec.AbMetric;
import io.mlctl.rollout.api.StrategySpec.AbTestStrategy;
import io.mlctl.rollout.api.StrategySpec.CanaryStep;
import io.mlctl.rollout.api.StrategySpec.ShadowStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of the CRD schema (and a few it cannot express), run where no API server enforced them: by the
 * operator at reconcile time (an InvalidSpec condition) and by the CLI before it creates a rollout. Each problem is
 * one sentence naming the field.
 */
public final class ModelRolloutValidator {
    private static final Pattern MODEL = Pattern.compile(Patterns.MODEL_NAME);
    private static final Pattern REF = Pattern.compile(Patterns.VERSION_REF);
    private static final Pattern OBJECT = Pattern.compile(Patterns.OBJECT_NAME);
    private static final Pattern GUARDRAIL_NAME = Pattern.compile(Patterns.GUARDRAIL_NAME);
    private static final Set<String> PROTOCOLS = Set.of("oip", "kserve-v1", "openai", "torchserve");
    private static final Set<String> DRIFT_STATISTICS = Set.of("psi", "kl", "js_distance", "ks_statistic", "null_rate_current", "agreement");
    /** The single-number metric names of docs/QUALITY.md (model-quality's MetricNames.SCALARS; rollout-api depends on nothing). */
    static final List<String> QUALITY_METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc",
            "log_loss", "brier", "ece", "macro_f1", "mae", "rmse", "mape", "r2");

    private ModelRolloutValidator() {
    }

    /** All problems of the spec; empty when it is valid. */
    public static List<String> validate(ModelRolloutSpec spec) {
        List<String> p = new ArrayList<>();
        if (spec == null) {
            p.add("spec is missing");
            return p;
        }
        if (spec.model() == null || !MODEL.matcher(spec.model()).matches() || spec.model().length() > 63) {
            p.add("spec.model '" + spec.model() + "' is not a model name (lowercase DNS label, at most 63 characters)");
        }
        ref(p, "baseline", spec.baseline());
        ref(p, "candidate", spec.candidate());
        if (spec.baseline() != null && spec.baseline().equals(spec.candidate())) {
            p.add("spec.candidate must differ from spec.baseline");
        }
        server(p, spec.server());
        if (spec.traffic() == null) {
            p.add("spec.traffic.httpRoute is required");
        } else if (spec.traffic().httpRoute() == null || !OBJECT.matcher(spec.traffic().httpRoute()).matches()) {
            p.add("spec.traffic.httpRoute '" + spec.traffic().httpRoute() + "' is not an object name");
        }
        strategy(p, spec.strategy());
        guardrails(p, spec.guardrails());
        return p;
    }

    private static void ref(List<String> p, String field, String value) {
        if (value == null || !REF.matcher(value).matches()) {
            p.add("spec." + field + " '" + value + "' is neither an alias like @production nor a version number");
        }
    }

    private static void server(List<String> p, ServerSpec s) {
        if (s == null) {
            return;
        }
        if (s.replicas() != null && s.replicas() < 0) {
            p.add("spec.server.replicas must be >= 0");
        }
        if (s.gpu() != null && s.gpu().count() != null && (s.gpu().count() < 0 || s.gpu().count() > 16)) {
            p.add("spec.server.gpu.count must be between 0 and 16");
        }
        port(p, "spec.server.port", s.port());
        port(p, "spec.server.metricsPort", s.metricsPort());
        logging(p, s);
    }

    private static void logging(List<String> p, ServerSpec s) {
        LoggingSpec l = s.loggingOrDefault();
        if (l.sampleRate() != null && !(l.sampleRate() >= 0 && l.sampleRate() <= 1)) {
            p.add("spec.server.logging.sampleRate " + l.sampleRate() + " must be between 0 and 1");
        }
        if (l.protocol() != null && !PROTOCOLS.contains(l.protocol())) {
            p.add("spec.server.logging.protocol '" + l.protocol() + "' is unknown (expected one of "
                    + String.join(", ", PROTOCOLS.stream().sorted().toList()) + ")");
        }
        port(p, "spec.server.logging.serverPort", l.serverPort());
        if (!l.enabledOrDefault()) {
            return;
        }
        if (l.serverPort() != null && l.serverPort() == LoggingSpec.ADMIN_PORT || s.port() != null && s.port() == LoggingSpec.ADMIN_PORT) {
            p.add("port " + LoggingSpec.ADMIN_PORT + " is the inference logger's admin port: choose another spec.server.port"
                    + " or spec.server.logging.serverPort, or disable logging");
        }
        if (l.serverPort() != null && l.serverPort().equals(s.port())) {
            p.add("spec.server.logging.serverPort must differ from spec.server.port: the logger takes the serving port");
        }
    }

    private static void port(List<String> p, String field, Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            p.add(field + " " + port + " is not a port (1-65535)");
        }
    }

    private static void strategy(List<String> p, StrategySpec s) {
        if (s == null || s.kind() == null) {
            p.add("spec.strategy needs exactly one of canary, shadow or abTest");
            return;
        }
        switch (s.kind()) {
            case CANARY -> {
                List<CanaryStep> steps = s.canary().steps();
                if (steps == null || steps.isEmpty()) {
                    p.add("spec.strategy.canary.steps needs at least one step");
                    return;
                }
                for (int i = 0; i < steps.size(); i++) {
                    CanaryStep step = steps.get(i);
                    String at = "spec.strategy.canary.steps[" + i + "]";
                    if (step == null) {
                        p.add(at + " is empty");
                        continue;
                    }
                    percent(p, at + ".weight", step.weight(), 0, 100, true);
                    duration(p, at + ".pause", step.pause(), true);
                }
            }
            case SHADOW -> {
                ShadowStrategy sh = s.shadow();
                percent(p, "spec.strategy.shadow.mirrorPercent", sh.mirrorPercent(), 1, 100, false);
                duration(p, "spec.strategy.shadow.duration", sh.duration(), false);
                if (sh.minSamples() != null && sh.minSamples() < 1) {
                    p.add("spec.strategy.shadow.minSamples must be >= 1");
                }
                if (sh.duration() == null && sh.minSamples() == null) {
                    p.add("spec.strategy.shadow needs a duration, minSamples or both");
                }
            }
            case AB_TEST -> abTest(p, s.abTest());
        }
    }

    private static void abTest(List<String> p, AbTestStrategy ab) {
        String at = "spec.strategy.abTest";
        percent(p, at + ".split", ab.split(), 1, 99, false);
        probability(p, at + ".alpha", ab.alpha());
        probability(p, at + ".power", ab.power());
        duration(p, at + ".maxDuration", ab.maxDuration(), false);
        if (ab.stickyHeader() != null && !ab.stickyHeader().matches("^[A-Za-z0-9-]+$")) {
            p.add(at + ".stickyHeader '" + ab.stickyHeader() + "' is not a header name");
        }
        AbMetric m = ab.metric();
        if (m == null) {
            p.add(at + ".metric is required");
            return;
        }
        if (m.name() == null || m.name().isBlank()) {
            p.add(at + ".metric.name is required");
        }
        String type = m.typeOrDefault();
        if (!type.equals("proportion") && !type.equals("mean")) {
            p.add(at + ".metric.type '" + type + "' is neither proportion nor mean");
        }
        if (m.baseline() == null) {
            p.add(at + ".metric.baseline is required");
        } else if (type.equals("proportion") && !(m.baseline() > 0 && m.baseline() < 1)) {
            p.add(at + ".metric.baseline " + m.baseline() + " is not a rate between 0 and 1");
        }
        if ((m.mdeRelative() == null) == (m.mdeAbsolute() == null)) {
            p.add(at + ".metric needs exactly one of mdeRelative or mdeAbsolute");
        }
        if (m.mdeRelative() != null && m.mdeRelative() <= 0 || m.mdeAbsolute() != null && m.mdeAbsolute() <= 0) {
            p.add(at + ".metric's minimum detectable effect must be > 0");
        }
        if (type.equals("mean") && (m.stddev() == null || m.stddev() <= 0)) {
            p.add(at + ".metric.stddev (> 0) is required for a mean metric");
        }
    }

    private static void guardrails(List<String> p, GuardrailsSpec g) {
        if (g == null) {
            return;
        }
        duration(p, "spec.guardrails.interval", g.interval(), false);
        if (g.interval() != null && Durations.isValid(g.interval()) && Durations.parse(g.interval()).isZero()) {
            p.add("spec.guardrails.interval must be longer than 0s");
        }
        if (g.failureLimit() != null && g.failureLimit() < 0) {
            p.add("spec.guardrails.failureLimit must be >= 0");
        }
        if (g.inconclusiveLimit() != null && g.inconclusiveLimit() < 0) {
            p.add("spec.guardrails.inconclusiveLimit must be >= 0");
        }
        Set<String> names = new HashSet<>();
        List<GuardrailMetric> metrics = g.metricsOrEmpty();
        for (int i = 0; i < metrics.size(); i++) {
            GuardrailMetric m = metrics.get(i);
            String at = "spec.guardrails.metrics[" + i + "]";
            if (m == null) {
                p.add(at + " is empty");
                continue;
            }
            if (m.name() == null || !GUARDRAIL_NAME.matcher(m.name()).matches()) {
                p.add(at + ".name '" + m.name() + "' must be lowercase letters, digits, '-' or '_'");
            } else if (!names.add(m.name())) {
                p.add(at + ".name '" + m.name() + "' is used twice");
            }
            int sources = (m.preset() != null ? 1 : 0) + (m.query() != null ? 1 : 0) + (m.drift() != null ? 1 : 0)
                    + (m.quality() != null ? 1 : 0);
            if (sources != 1) {
                p.add(at + " needs exactly one of preset, query, drift or quality");
            }
            if (m.preset() != null && !GuardrailPresetNames.ALL.contains(m.preset())) {
                p.add(at + ".preset '" + m.preset() + "' is unknown (expected one of " + String.join(", ", GuardrailPresetNames.ALL.stream().sorted().toList()) + ")");
            }
            if (m.query() != null && m.query().isBlank()) {
                p.add(at + ".query is empty");
            }
            DriftGuardrail d = m.drift();
            if (d != null) {
                if (d.feature() == null || d.feature().isBlank()) {
                    p.add(at + ".drift.feature is required");
                }
                if (d.statistic() == null || !DRIFT_STATISTICS.contains(d.statistic())) {
                    p.add(at + ".drift.statistic '" + d.statistic() + "' is unknown (expected one of "
                            + String.join(", ", DRIFT_STATISTICS.stream().sorted().toList()) + ")");
                }
            }
            GuardrailsSpec.QualityGuardrail q = m.quality();
            if (q != null) {
                if (q.metric() == null || !QUALITY_METRICS.contains(q.metric())) {
                    p.add(at + ".quality.metric '" + q.metric() + "' is unknown (expected one of "
                            + String.join(", ", QUALITY_METRICS) + ")");
                }
                if ((q.min() == null) == (q.max() == null)) {
                    p.add(at + ".quality needs exactly one of min or max");
                }
                if (q.minLabels() != null && q.minLabels() < 1) {
                    p.add(at + ".quality.minLabels " + q.minLabels() + " must be at least 1");
                }
                if (m.min() != null || m.max() != null) {
                    p.add(at + " is a quality guardrail: give min or max inside quality");
                }
            } else if (m.min() == null && m.max() == null) {
                p.add(at + " needs min, max or both");
            }
            if (m.min() != null && m.max() != null && m.min() > m.max()) {
                p.add(at + ".min is greater than its max");
            }
        }
    }

    private static void percent(List<String> p, String field, Integer value, int min, int max, boolean required) {
        if (value == null) {
            if (required) {
                p.add(field + " is required");
            }
        } else if (value < min || value > max) {
            p.add(field + " " + value + " must be between " + min + " and " + max);
        }
    }

    private static void probability(List<String> p, String field, Double value) {
        if (value != null && !(value > 0 && value < 1)) {
            p.add(field + " " + value + " must be between 0 and 1 (exclusive)");
        }
    }

    private static void duration(List<String> p, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                p.add(field + " is required");
            }
        } else if (!Durations.isValid(value)) {
            p.add(field + " '" + value + "' is not a duration like 30s, 10m, 1h30m or 14d");
        }
    }
}
