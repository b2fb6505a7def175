package io.mlctl.cli.rollout;

import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.rollout.api.ModelRollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;

/** {@code mlctl rollout status NAME}: phase, message, steps, traffic, guardrails and samples of one rollout. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show one rollout at a glance: phase and why, traffic, steps, guardrails and samples.",
                "Guardrails show their last value and result and their counters against failureLimit and",
                "inconclusiveLimit; A/B and shadow rollouts show observed samples against the required ones.",
                "-o json|yaml prints the whole ModelRollout."},
        footer = {"", "Exit codes: 0 shown, 3 Kubernetes API unreachable, 4 no such rollout."})
public final class StatusCommand extends KubeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The ModelRollout.")
    String name;

    @Override
    public Integer call() {
        try (Rollouts rollouts = new Rollouts(kube)) {
            ModelRollout r = rollouts.get(name);
            if (output.output == OutputFormat.table) {
                new RolloutView(Clock.systemUTC()).print(r, out());
            } else {
                RolloutOutput.print(rollouts.client(), r, out(), output.output);
            }
        }
        return 0;
    }
}
