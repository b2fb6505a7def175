package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import picocli.CommandLine.Command;

/** {@code mlctl rollout abort NAME}. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Roll back now.", "All traffic to the baseline, mirror off, the candidate scaled to 0."})
public final class AbortCommand extends ActionCommand {
    @Override
    ModelRolloutSpec apply(ModelRolloutSpec spec) {
        return spec.withAbort(true);
    }

    @Override
    String done(ModelRollout r) {
        return r.getMetadata().getName() + ": abort requested; the operator rolls back to " + r.getSpec().baseline();
    }
}
