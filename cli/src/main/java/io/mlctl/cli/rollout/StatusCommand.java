package io.mlctl.cli.rollout;

import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import io.mlctl.rollout.api.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code mlctl rollout status NAME}: phase, message, steps, traffic, guardrails and samples of one rollout. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show one rollout at a glance: phase and why, traffic, steps, guardrails and samples.",
                "Guardrails show their last value and result and their counters against failureLimit and",
                "inconclusiveLimit; A/B and shadow rollouts show observed samples against the required ones.",
                "-o json|yaml prints the whole ModelRollout."},
        footer = {"", "Exit codes: 0 shown, 3 Kubernetes API unreachable, 4 no such rollout."})
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The ModelRollout.")
    String name;

    @Mixin
    KubeOptions kube;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Rollouts rollouts = new Rollouts(kube)) {
            ModelRollout r = rollouts.get(name);
            if (output.output == OutputFormat.table) {
                new RolloutView(Clock.systemUTC()).print(r, spec.commandLine().getOut());
            } else {
                RolloutOutput.print(rollouts.client(), r, spec.commandLine().getOut(), output.output);
            }
        }
        return 0;
    }
}
