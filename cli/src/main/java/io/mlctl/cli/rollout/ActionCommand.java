package io.mlctl.cli.rollout;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RolloutPhase;
import picocli.CommandLine.Parameters;

/**
 * A command to a running rollout. Commands are fields of the spec ({@code paused}, {@code promote}, {@code abort}),
 * so they are recorded on the resource, survive an operator restart and bump its generation (the operator reacts
 * at once).
 */
abstract class ActionCommand extends KubeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The ModelRollout.")
    String name;

    /** The spec with the command applied. */
    abstract ModelRolloutSpec apply(ModelRolloutSpec spec);

    /** Why the command makes no sense now, or null. */
    String refuse(ModelRollout current) {
        return null;
    }

    abstract String done(ModelRollout r);

    @Override
    public Integer call() {
        try (Rollouts rollouts = new Rollouts(kube)) {
            ModelRollout current = rollouts.get(name);
            RolloutPhase phase = current.getStatus() == null ? null : current.getStatus().getPhase();
            if (phase != null && phase.isTerminal()) {
                throw new CliException(ExitCodes.FAILED, "rollout " + name + " already finished (" + phase.wire() + "): "
                        + current.getStatus().getMessage());
            }
            String refusal = refuse(current);
            if (refusal != null) {
                throw new CliException(ExitCodes.FAILED, refusal);
            }
            ModelRollout updated = rollouts.call(() -> rollouts.api().inNamespace(rollouts.namespace()).withName(name)
                    .edit(r -> {
                        r.setSpec(apply(r.getSpec()));
                        return r;
                    }));
            if (output.output == OutputFormat.table) {
                out().println(done(updated));
            } else {
                RolloutOutput.print(rollouts.client(), updated, out(), output.output);
            }
        }
        return 0;
    }
}
