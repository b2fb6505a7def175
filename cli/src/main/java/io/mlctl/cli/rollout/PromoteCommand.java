package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import picocli.CommandLine.Command;

/** {@code mlctl rollout promote NAME}. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promote the candidate now, skipping the remaining steps.",
                "The operator moves the baseline alias to the candidate and sends it all traffic."})
public final class PromoteCommand extends ActionCommand {
    @Override
    ModelRolloutSpec apply(ModelRolloutSpec spec) {
        return spec.withPromote(true).withPaused(null);
    }

    @Override
    String done(ModelRollout r) {
        return r.getMetadata().getName() + ": promotion requested; the operator moves " + r.getSpec().baseline()
                + " of " + r.getSpec().model() + " to the candidate " + r.getSpec().candidate();
    }
}
