package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Correction;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlctl experiments create}: from flags (one primary metric, optional guardrails) or a YAML/JSON file. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an experiment on the control plane; prints it with the samples each arm needs.",
        footer = {"", "Examples:",
                "  mlctl experiments create fraud-v8-ab --model fraud --arm control=@production:50 --arm treatment=8:50 \\",
                "      --metric conversion --baseline 0.10 --mde-relative 0.05 --guardrail latency-ms:mean:decrease:0.05 --max-duration 14d",
                "  mlctl experiments create -f experiment.yaml      # the JSON body of POST /api/v1/experiments, as YAML or JSON"})
public final class CreateCommand extends RemoteCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "Experiment name (DNS-1123 label); its id in every path. Overrides the file's name.")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The whole request as YAML or JSON.")
    Path file;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Registered model the arms serve (an unregistered one is refused: exit 4).")
    String model;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--arm", paramLabel = "NAME[=VERSION][:WEIGHT]",
            description = {"An arm, repeatable, control first (default: control:50 and treatment:50, no version).",
                    "VERSION is a version number of --model, @ALIAS or latest; the server resolves it when the "
                            + "experiment is created and stores the number."})
    List<String> arms;

    @Option(names = "--metric", paramLabel = "NAME", defaultValue = "conversion",
            description = "The primary metric (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "proportion",
            description = "Primary metric type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MetricType type;

    @Option(names = "--direction", paramLabel = "DIR", defaultValue = "increase",
            description = "Which way is good: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MetricDirection direction;

    @Option(names = "--baseline", paramLabel = "X", description = "Control rate (proportion) or mean.")
    Double baseline;

    @Option(names = "--sigma", paramLabel = "S", description = "Standard deviation per unit (mean metrics).")
    Double sigma;

    @Option(names = "--mde-relative", paramLabel = "R", description = "Smallest relative change worth detecting.")
    Double mdeRelative;

    @Option(names = "--mde-absolute", paramLabel = "A", description = "Smallest absolute change worth detecting.")
    Double mdeAbsolute;

    @Option(names = "--guardrail", paramLabel = "NAME:TYPE[:DIR[:MARGIN]]",
            description = "A guardrail metric, repeatable, e.g. latency-ms:mean:decrease:0.05 (5% worse tolerated).")
    List<String> guardrails;

    @Option(names = "--alpha", paramLabel = "A")
    Double alpha;

    @Option(names = "--power", paramLabel = "P")
    Double power;

    @Option(names = "--salt", paramLabel = "SALT", description = "Assignment salt (default: generated).")
    String salt;

    @Option(names = "--max-duration", paramLabel = "DURATION", description = "e.g. 14d or 36h; then it stops.")
    String maxDuration;

    @Option(names = "--n-star", paramLabel = "N", description = "Units at which confidence sequences are tightest (default 5000).")
    Long nStar;

    @Option(names = "--correction", paramLabel = "C", description = "${COMPLETION-CANDIDATES} (default holm).")
    Correction correction;

    @Override
    public Integer call() {
        ExperimentRequest request = file != null ? fromFile() : fromFlags();
        JsonNode created = server.client().post(ApiPaths.experiments(), request);
        ExperimentView.print(printer(), created);
        return 0;
    }

    private ExperimentRequest fromFile() {
        ExperimentRequest r;
        try {
            r = Printer.strictFiles().readValue(file.toFile(), ExperimentRequest.class); // YAML is a superset of JSON
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (name == null) {
            return r;
        }
        return new ExperimentRequest(name, r.model(), r.description(), r.arms(), r.metrics(), r.alpha(), r.power(),
                r.salt(), r.maxDuration(), r.nStar(), r.correction());
    }

    private ExperimentRequest fromFlags() {
        if (name == null || model == null) {
            throw new CliException(ExitCodes.USAGE, "give NAME and --model (or --file)");
        }
        List<MetricSpec> metrics = new ArrayList<>();
        metrics.add(new MetricSpec(metric, type, MetricRole.primary, direction, baseline, sigma, mdeRelative, mdeAbsolute, null));
        if (guardrails != null) {
            guardrails.forEach(g -> metrics.add(guardrail(g)));
        }
        return new ExperimentRequest(name, model, description, arms == null ? null : arms.stream().map(CreateCommand::arm).toList(),
                metrics, alpha, power, salt, maxDuration, nStar, correction);
    }

    /** {@code control=7:50}, {@code treatment:50}, {@code b=8}. */
    static ArmSpec arm(String text) {
        String rest = text;
        int weight = 1;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            try {
                weight = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE, "--arm " + text + ": the weight after ':' must be an integer");
            }
            rest = rest.substring(0, colon);
        }
        int eq = rest.indexOf('=');
        return eq >= 0 ? new ArmSpec(rest.substring(0, eq), rest.substring(eq + 1), weight) : new ArmSpec(rest, null, weight);
    }

    /** {@code latency-ms:mean:decrease:0.05}. */
    static MetricSpec guardrail(String text) {
        String[] p = text.split(":");
        if (p.length < 2 || p.length > 4) {
            throw new CliException(ExitCodes.USAGE, "--guardrail " + text + ": expected NAME:TYPE[:DIRECTION[:MARGIN]]");
        }
        try {
            return new MetricSpec(p[0], MetricType.valueOf(p[1]), MetricRole.guardrail,
                    p.length > 2 ? MetricDirection.valueOf(p[2]) : MetricDirection.increase,
                    null, null, null, null, p.length > 3 ? Double.valueOf(p[3]) : null);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--guardrail " + text
                    + ": TYPE is proportion or mean, DIRECTION increase or decrease, MARGIN a number");
        }
    }
}
