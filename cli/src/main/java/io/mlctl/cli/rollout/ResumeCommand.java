package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import picocli.CommandLine.Command;

/** {@code mlctl rollout resume NAME}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a paused rollout.",
                "Paused by you, or by the operator when guardrails stayed inconclusive (their inconclusive",
                "counters start again from 0)."})
public final class ResumeCommand extends ActionCommand {
    @Override
    ModelRolloutSpec apply(ModelRolloutSpec spec) {
        return spec.withPaused(false);
    }

    @Override
    String refuse(ModelRollout current) {
        return current.getSpec().pauseRequested() ? null : "rollout " + current.getMetadata().getName() + " is not paused";
    }

    @Override
    String done(ModelRollout r) {
        return r.getMetadata().getName() + ": resumed";
    }
}
