package io.mlctl.cli.rollout;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mlctl rollout ...}: ModelRollouts through the Kubernetes API (kubeconfig), run by the mlctl operator. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Shadow, canary and A/B rollouts of model versions (ModelRollout resources, via your kubeconfig)."},
        subcommands = {CommandLine.HelpCommand.class, StartCommand.class, StatusCommand.class, ListCommand.class,
                PromoteCommand.class, AbortCommand.class, PauseCommand.class, ResumeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 refused or failed, 3 Kubernetes API unreachable, 4 not found, 64 usage/invalid spec."})
public final class RolloutCommand {
}
