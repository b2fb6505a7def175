package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutValidator;
import io.mlctl.rollout.api.RetrainSpec;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.ServerSpec;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.TrafficSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code mlctl rollout start}: builds a ModelRollout from flags (or a file plus flags) and creates it. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a rollout of a model version (creates a ModelRollout).",
                "Built from flags, or from a ModelRollout YAML (-f) whose fields the flags override."},
        footer = {"", "Guardrails (--guardrail, repeatable): NAME=SOURCE<=MAX or NAME=SOURCE>=MIN, where SOURCE is a preset",
                "(latency-p99, error-rate, ttft-p99, gpu-utilization, gpu-memory) or drift:FEATURE:STATISTIC",
                "(statistic psi, kl, js_distance, ks_statistic, null_rate_current). PromQL queries go in a file (-f).",
                "", "Examples:",
                "  mlctl rollout start fraud --candidate 8 --strategy canary --steps 5:10m,25:30m,50:30m \\",
                "      --guardrail p99-latency-ms=latency-p99<=250 --guardrail prediction-psi=drift:__prediction__:psi<=0.2",
                "  mlctl rollout start fraud --candidate 8 --strategy shadow --mirror-percent 50 --duration 1h --min-samples 10000",
                "  mlctl rollout start fraud --candidate 8 --strategy ab --metric conversion --metric-baseline 0.10 --mde-relative 0.05",
                "  mlctl rollout start -f rollout.yaml --candidate 9"})
public final class StartCommand extends KubeCommand {
    private static final Pattern GUARDRAIL = Pattern.compile("^([a-z0-9][-a-z0-9_]*)=(.+?)(<=|>=)(-?[0-9.eE+-]+)$");
    private static final Pattern STEP = Pattern.compile("^([0-9]+):([0-9a-z]+)$");

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Registered model name.")
    String model;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A ModelRollout manifest (YAML or JSON).")
    Path file;

    @Option(names = "--candidate", paramLabel = "VERSION", description = "Version (or @alias) to roll out.")
    String candidate;

    @Option(names = "--baseline", paramLabel = "REF", description = "What serves now: an alias or a version (default @production).")
    String baseline;

    @Option(names = "--strategy", paramLabel = "KIND", description = "canary, shadow or ab.")
    String strategy;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the ModelRollout (default MODEL-vCANDIDATE).")
    String name;

    @Option(names = "--route", paramLabel = "HTTPROUTE", description = "Gateway API HTTPRoute to steer (default: the model name).")
    String route;

    @Option(names = "--route-namespace", paramLabel = "NS", description = "Namespace of the HTTPRoute (default: the rollout's).")
    String routeNamespace;

    @Option(names = "--steps", paramLabel = "W:PAUSE,...", split = ",", description = "Canary steps, e.g. 5:10m,25:30m,50:30m (the default).")
    List<String> steps;

    @Option(names = "--mirror-percent", paramLabel = "PCT", description = "Shadow: percent of requests mirrored (default 100).")
    Integer mirrorPercent;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Shadow: how long to mirror, e.g. 1h.")
    String duration;

    @Option(names = "--min-samples", paramLabel = "N", description = "Shadow: compared samples that end the shadow early.")
    Long minSamples;

    @Option(names = "--split", paramLabel = "PCT", description = "A/B: percent of requests to the candidate (default 50).")
    Integer split;

    @Option(names = "--metric", paramLabel = "NAME", description = "A/B: the primary metric's name (default conversion).")
    String metric;

    @Option(names = "--metric-type", paramLabel = "TYPE", description = "A/B: proportion (default) or mean.")
    String metricType;

    @Option(names = "--metric-baseline", paramLabel = "X", description = "A/B: the control's expected rate or mean.")
    Double metricBaseline;

    @Option(names = "--mde-relative", paramLabel = "R", description = "A/B: minimum detectable effect, relative (0.05 = 5%).")
    Double mdeRelative;

    @Option(names = "--mde-absolute", paramLabel = "A", description = "A/B: minimum detectable effect, absolute.")
    Double mdeAbsolute;

    @Option(names = "--stddev", paramLabel = "S", description = "A/B: standard deviation of a mean metric.")
    Double stddev;

    @Option(names = "--alpha", paramLabel = "A", description = "A/B: significance level (default 0.05).")
    Double alpha;

    @Option(names = "--power", paramLabel = "P", description = "A/B: power (default 0.8).")
    Double power;

    @Option(names = "--max-duration", paramLabel = "DURATION", description = "A/B: give up (roll back) after this long (default 14d).")
    String maxDuration;

    @Option(names = "--guardrail", paramLabel = "SPEC", description = "A guardrail (see below); repeatable.")
    List<String> guardrails;

    @Option(names = "--interval", paramLabel = "DURATION", description = "How often guardrails are judged (default 1m).")
    String interval;

    @Option(names = "--failure-limit", paramLabel = "N", description = "Failures of one guardrail tolerated before rolling back (default 0).")
    Integer failureLimit;

    @Option(names = "--inconclusive-limit", paramLabel = "N", description = "Inconclusive results tolerated (default 0).")
    Integer inconclusiveLimit;

    @Option(names = "--on-inconclusive", paramLabel = "ACTION", description = "rollback or pause (default pause).")
    String onInconclusive;

    @Option(names = "--runtime", paramLabel = "RUNTIME", description = "triton, vllm, torchserve or custom (default: the version's).")
    String runtime;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Server image (default: the version's, else the runtime's).")
    String image;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas per version (default 1).")
    Integer replicas;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per replica (nvidia.com/gpu).")
    Integer gpus;

    @Option(names = "--gpu-product", paramLabel = "PRODUCT", description = "Node label nvidia.com/gpu.product, e.g. NVIDIA-A100-SXM4-40GB.")
    String gpuProduct;

    @Option(names = "--retrain-on-rollback", description = "Trigger a retrain in the control plane if the rollout rolls back.")
    Boolean retrainOnRollback;

    @Option(names = "--dry-run", description = "Print the ModelRollout instead of creating it.")
    boolean dryRun;

    @Override
    public Integer call() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        ModelRollout rollout = file != null ? read(serialization) : new ModelRollout();
        ModelRolloutSpec base = rollout.getSpec();
        if (base == null && (model == null || candidate == null || strategy == null)) {
            throw new CliException(ExitCodes.USAGE, "give MODEL, --candidate and --strategy (or a manifest with -f)");
        }
        ModelRolloutSpec s = build(base);
        List<String> problems = ModelRolloutValidator.validate(s);
        if (!problems.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "invalid rollout: " + String.join("; ", problems));
        }
        rollout.setSpec(s);
        rollout.setStatus(null);
        if (name != null) {
            rollout.getMetadata().setName(name);
        } else if (rollout.getMetadata().getName() == null) {
            rollout.getMetadata().setName(defaultName(s));
        }
        if (dryRun) {
            rollout.getMetadata().setNamespace(kube.namespace == null ? rollout.getMetadata().getNamespace() : kube.namespace);
            print(serialization, rollout);
            return 0;
        }
        try (Rollouts rollouts = new Rollouts(kube)) {
            String ns = kube.namespace != null || rollout.getMetadata().getNamespace() == null
                    ? rollouts.namespace() : rollout.getMetadata().getNamespace();
            rollout.getMetadata().setNamespace(ns);
            ModelRollout created;
            try {
                created = rollouts.api().inNamespace(ns).resource(rollout).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    throw new CliException(ExitCodes.FAILED, "modelrollout " + rollout.getMetadata().getName()
                            + " already exists in namespace " + ns + " (pick another --name, or delete it first)", e);
                }
                throw rollouts.translate(e);
            }
            if (output.output == io.mlctl.cli.support.OutputFormat.table) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("name", created.getMetadata().getName());
                summary.put("namespace", ns);
                summary.put("model", s.model());
                summary.put("baseline", s.baseline());
                summary.put("candidate", s.candidate());
                summary.put("strategy", RolloutView.strategy(s));
                summary.put("httpRoute", (s.traffic().namespace() == null ? ns : s.traffic().namespace()) + "/" + s.traffic().httpRoute());
                summary.put("guardrails", s.guardrailsOrDefault().metricsOrEmpty().size());
                new Printer(out(), output.output).object(summary);
                out().println("Follow it with: mlctl rollout status " + created.getMetadata().getName() + " -n " + ns);
            } else {
                print(serialization, created);
            }
        }
        return 0;
    }

    private void print(KubernetesSerialization serialization, ModelRollout rollout) {
        try {
            new Printer(out(), output.output == io.mlctl.cli.support.OutputFormat.table
                    ? io.mlctl.cli.support.OutputFormat.yaml : output.output)
                    .object(Printer.JSON.readTree(serialization.asJson(rollout)));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot print the rollout: " + e.getMessage(), e);
        }
    }

    private ModelRollout read(KubernetesSerialization serialization) {
        try {
            ModelRollout r = serialization.unmarshal(Files.readString(file), ModelRollout.class);
            if (r == null) {
                throw new CliException(ExitCodes.USAGE, file + " is empty");
            }
            return r;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof CliException c) {
                throw c;
            }
            throw new CliException(ExitCodes.USAGE, file + " is not a ModelRollout manifest: " + rootMessage(e), e);
        }
    }

    ModelRolloutSpec build(ModelRolloutSpec base) {
        String m = model != null ? model : base.model();
        String cand = candidate != null ? candidate : base == null ? null : base.candidate();
        String bl = baseline != null ? baseline : base != null && base.baseline() != null ? base.baseline() : "@production";
        TrafficSpec traffic = base != null && base.traffic() != null ? base.traffic() : new TrafficSpec(m, null, null, null);
        if (route != null || routeNamespace != null) {
            traffic = new TrafficSpec(route != null ? route : traffic.httpRoute(),
                    routeNamespace != null ? routeNamespace : traffic.namespace(), traffic.gateway(), traffic.hostnames());
        }
        StrategySpec st = strategy(base == null ? null : base.strategy());
        return new ModelRolloutSpec(m, bl, cand, server(base == null ? null : base.server()), traffic, st,
                guardrails(base == null ? null : base.guardrails()),
                retrainOnRollback != null ? new RetrainSpec(retrainOnRollback) : base == null ? null : base.retrain(),
                null, null, null);
    }

    private StrategySpec strategy(StrategySpec base) {
        String kind = strategy != null ? strategy : base == null || base.kind() == null ? null : base.kind().cliName();
        if (kind == null) {
            return base;
        }
        boolean sameKind = base != null && base.kind() != null && base.kind().cliName().equals(kind);
        return switch (kind) {
            case "canary" -> {
                List<StrategySpec.CanaryStep> s = steps != null ? parseSteps(steps)
                        : sameKind ? base.canary().steps() : parseSteps(List.of("5:10m", "25:30m", "50:30m"));
                yield new StrategySpec(new StrategySpec.CanaryStrategy(s), null, null);
            }
            case "shadow" -> {
                StrategySpec.ShadowStrategy b = sameKind ? base.shadow() : null;
                String d = duration != null ? duration : b != null ? b.duration() : null;
                Long n = minSamples != null ? minSamples : b != null ? b.minSamples() : null;
                if (d == null && n == null) {
                    d = "1h";
                }
                yield new StrategySpec(null, new StrategySpec.ShadowStrategy(
                        mirrorPercent != null ? mirrorPercent : b != null ? b.mirrorPercent() : null, d, n), null);
            }
            case "ab" -> {
                StrategySpec.AbTestStrategy b = sameKind ? base.abTest() : null;
                StrategySpec.AbMetric bm = b == null ? null : b.metric();
                StrategySpec.AbMetric metricSpec = new StrategySpec.AbMetric(
                        metric != null ? metric : bm != null ? bm.name() : "conversion",
                        metricType != null ? metricType : bm != null ? bm.type() : null,
                        metricBaseline != null ? metricBaseline : bm != null ? bm.baseline() : null,
                        mdeRelative != null ? mdeRelative : mdeAbsolute == null && bm != null ? bm.mdeRelative() : null,
                        mdeAbsolute != null ? mdeAbsolute : mdeRelative == null && bm != null ? bm.mdeAbsolute() : null,
                        stddev != null ? stddev : bm != null ? bm.stddev() : null);
                yield new StrategySpec(null, null, new StrategySpec.AbTestStrategy(
                        split != null ? split : b != null ? b.split() : null, metricSpec,
                        alpha != null ? alpha : b != null ? b.alpha() : null,
                        power != null ? power : b != null ? b.power() : null,
                        maxDuration != null ? maxDuration : b != null ? b.maxDuration() : null,
                        b != null ? b.stickyHeader() : null));
            }
            default -> throw new CliException(ExitCodes.USAGE, "--strategy must be canary, shadow or ab, not '" + kind + "'");
        };
    }

    private ServerSpec server(ServerSpec base) {
        ServerSpec b = base == null ? ServerSpec.EMPTY : base;
        Runtime rt = b.runtime();
        if (runtime != null) {
            try {
                rt = Runtime.fromWire(runtime);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        ServerSpec.GpuSpec gpu = b.gpu();
        if (gpus != null || gpuProduct != null) {
            gpu = new ServerSpec.GpuSpec(gpus != null ? gpus : gpu == null ? null : gpu.count(),
                    gpuProduct != null ? gpuProduct : gpu == null ? null : gpu.product());
        }
        ServerSpec s = new ServerSpec(rt, image != null ? image : b.image(), replicas != null ? replicas : b.replicas(), gpu,
                b.port(), b.metricsPort(), b.args(), b.env(), b.logging());
        return s.equals(ServerSpec.EMPTY) ? null : s;
    }

    private GuardrailsSpec guardrails(GuardrailsSpec base) {
        GuardrailsSpec b = base == null ? GuardrailsSpec.NONE : base;
        List<GuardrailMetric> metrics = new ArrayList<>(b.metricsOrEmpty());
        if (guardrails != null) {
            for (String g : guardrails) {
                GuardrailMetric parsed = parseGuardrail(g);
                metrics.removeIf(existing -> existing.name().equals(parsed.name()));
                metrics.add(parsed);
            }
        }
        GuardrailsSpec.OnInconclusive on = b.onInconclusive();
        if (onInconclusive != null) {
            on = switch (onInconclusive) {
                case "rollback" -> GuardrailsSpec.OnInconclusive.ROLLBACK;
                case "pause" -> GuardrailsSpec.OnInconclusive.PAUSE;
                default -> throw new CliException(ExitCodes.USAGE, "--on-inconclusive must be rollback or pause");
            };
        }
        GuardrailsSpec g = new GuardrailsSpec(interval != null ? interval : b.interval(),
                failureLimit != null ? failureLimit : b.failureLimit(),
                inconclusiveLimit != null ? inconclusiveLimit : b.inconclusiveLimit(), on, metrics.isEmpty() ? null : metrics);
        return g.equals(new GuardrailsSpec(null, null, null, null, null)) ? null : g;
    }

    static GuardrailMetric parseGuardrail(String text) {
        Matcher m = GUARDRAIL.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "' is not NAME=SOURCE<=MAX or NAME=SOURCE>=MIN");
        }
        double bound;
        try {
            bound = Double.parseDouble(m.group(4));
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "': '" + m.group(4) + "' is not a number");
        }
        Double max = m.group(3).equals("<=") ? bound : null;
        Double min = m.group(3).equals(">=") ? bound : null;
        String source = m.group(2);
        if (source.startsWith("drift:")) {
            String[] parts = source.split(":");
            if (parts.length != 3) {
                throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "': a drift source is drift:FEATURE:STATISTIC");
            }
            return new GuardrailMetric(m.group(1), null, null, new GuardrailsSpec.DriftGuardrail(parts[1], parts[2]), min, max);
        }
        return new GuardrailMetric(m.group(1), source, null, null, min, max);
    }

    static List<StrategySpec.CanaryStep> parseSteps(List<String> steps) {
        List<StrategySpec.CanaryStep> out = new ArrayList<>();
        for (String s : steps) {
            Matcher m = STEP.matcher(s.trim());
            if (!m.matches()) {
                throw new CliException(ExitCodes.USAGE, "--steps '" + s + "' is not WEIGHT:PAUSE, e.g. 25:30m");
            }
            out.add(new StrategySpec.CanaryStep(Integer.parseInt(m.group(1)), m.group(2)));
        }
        return out;
    }

    private static String defaultName(ModelRolloutSpec s) {
        String c = s.candidate().startsWith("@") ? s.candidate().substring(1) : "v" + s.candidate();
        return (s.model() + "-" + c).replaceAll("[^a-z0-9.-]", "-");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().split("\n")[0];
    }
}
