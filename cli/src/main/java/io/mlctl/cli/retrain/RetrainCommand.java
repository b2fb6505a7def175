package io.mlctl.cli.retrain;

import picocli.CommandLine.Command;

/** {@code mlctl retrain ...}: retrain policies and triggers. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain policies (when drift fires a signed webhook or a Kubernetes Job) and their triggers.",
        subcommands = {SetPolicyCommand.class, PolicyCommand.class, ListTriggersCommand.class, TriggerCommand.class})
public final class RetrainCommand {
}
