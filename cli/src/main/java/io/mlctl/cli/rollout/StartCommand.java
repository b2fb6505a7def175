package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import io.mlctl.rollout.api.GuardrailPresetNames;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutValidator;
import io.mlctl.rollout.api.RetrainSpec;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.TrafficSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.cli.rollout.Overrides.flagOr;

/** {@code mlctl rollout start}: builds a ModelRollout from flags (or a file plus flags) and creates it. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a rollout of a model version (creates a ModelRollout).",
                "Built from flags, or from a ModelRollout YAML (-f) whose fields the flags override."},
        footer = {"", "Guardrails (--guardrail, repeatable): NAME=SOURCE<=MAX or NAME=SOURCE>=MIN, where SOURCE is a preset",
                "(" + GuardrailPresetNames.LIST + ") or drift:FEATURE:STATISTIC",
                "(statistic psi, kl, js_distance, ks_statistic, null_rate_current). PromQL queries go in a file (-f).",
                "", "Examples:",
                "  mlctl rollout start fraud --candidate 8 --strategy canary --steps 5:10m,25:30m,50:30m \\",
                "      --guardrail p99-latency-ms=latency-p99<=250 --guardrail prediction-psi=drift:__prediction__:psi<=0.2",
                "  mlctl rollout start fraud --candidate 8 --strategy shadow --mirror-percent 50 --duration 1h --min-samples 10000",
                "  mlctl rollout start fraud --candidate 8 --strategy ab --metric conversion --metric-baseline 0.10 --mde-relative 0.05",
                "  mlctl rollout start -f rollout.yaml --candidate 9"})
public final class StartCommand extends KubeCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Registered model name.")
    String model;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A ModelRollout manifest (YAML or JSON).")
    Path file;

    @Option(names = "--candidate", paramLabel = "VERSION", description = "Version (or @alias) to roll out.")
    String candidate;

    @Option(names = "--baseline", paramLabel = "REF",
            description = "What serves now: an alias or a version (default " + ModelRolloutSpec.DEFAULT_BASELINE + ").")
    String baseline;

    @Option(names = "--strategy", paramLabel = "KIND", description = "canary, shadow or ab.")
    String strategy;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the ModelRollout (default MODEL-vCANDIDATE).")
    String name;

    @Option(names = "--route", paramLabel = "HTTPROUTE", description = "Gateway API HTTPRoute to steer (default: the model name).")
    String route;

    @Option(names = "--route-namespace", paramLabel = "NS", description = "Namespace of the HTTPRoute (default: the rollout's).")
    String routeNamespace;

    @Option(names = "--retrain-on-rollback", description = "Trigger a retrain in the control plane if the rollout rolls back.")
    Boolean retrainOnRollback;

    @ArgGroup(exclusive = false, heading = "%nCanary (--strategy canary):%n")
    CanaryOptions canary;

    @ArgGroup(exclusive = false, heading = "%nShadow (--strategy shadow):%n")
    ShadowOptions shadow;

    @ArgGroup(exclusive = false, heading = "%nA/B test (--strategy ab):%n")
    AbTestOptions abTest;

    @ArgGroup(exclusive = false, heading = "%nGuardrails:%n")
    GuardrailOptions guardrails;

    @ArgGroup(exclusive = false, heading = "%nModel server:%n")
    ModelServerOptions server;

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
        TrafficSpec traffic = base != null && base.traffic() != null ? base.traffic() : new TrafficSpec(m, null, null, null);
        if (route != null || routeNamespace != null) {
            traffic = new TrafficSpec(route != null ? route : traffic.httpRoute(),
                    routeNamespace != null ? routeNamespace : traffic.namespace(), traffic.gateway(), traffic.hostnames());
        }
        String bl = flagOr(baseline, base, ModelRolloutSpec::baseline);
        StrategySpec st = strategy(base == null ? null : base.strategy());
        return new ModelRolloutSpec(m, bl != null ? bl : ModelRolloutSpec.DEFAULT_BASELINE,
                flagOr(candidate, base, ModelRolloutSpec::candidate),
                (server != null ? server : new ModelServerOptions()).apply(base == null ? null : base.server()), traffic, st,
                (guardrails != null ? guardrails : new GuardrailOptions()).apply(base == null ? null : base.guardrails()),
                retrainOnRollback != null ? new RetrainSpec(retrainOnRollback) : base == null ? null : base.retrain(),
                null, null, null);
    }

    /** The strategy of {@code --strategy} (else the manifest's kind), built by that kind's options. */
    private StrategySpec strategy(StrategySpec base) {
        String kind = strategy != null ? strategy : base == null || base.kind() == null ? null : base.kind().cliName();
        if (kind == null) {
            return base;
        }
        StrategyOptions options = switch (kind) {
            case "canary" -> canary != null ? canary : new CanaryOptions();
            case "shadow" -> shadow != null ? shadow : new ShadowOptions();
            case "ab" -> abTest != null ? abTest : new AbTestOptions();
            default -> throw new CliException(ExitCodes.USAGE, "--strategy must be canary, shadow or ab, not '" + kind + "'");
        };
        boolean sameKind = base != null && base.kind() != null && base.kind().cliName().equals(kind);
        return options.apply(sameKind ? base : null);
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
