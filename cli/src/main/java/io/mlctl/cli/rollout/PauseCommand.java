package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import picocli.CommandLine.Command;

/** {@code mlctl rollout pause NAME}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Hold traffic where it is; step timers stop.",
                "Guardrails are still judged, and a failing one still rolls back. 'mlctl rollout resume' continues."})
public final class PauseCommand extends ActionCommand {
    @Override
    ModelRolloutSpec apply(ModelRolloutSpec spec) {
        return spec.withPaused(true);
    }

    @Override
    String refuse(ModelRollout current) {
        return current.getSpec().pauseRequested() ? "rollout " + current.getMetadata().getName() + " is already paused" : null;
    }

    @Override
    String done(ModelRollout r) {
        return r.getMetadata().getName() + ": paused";
    }
}
