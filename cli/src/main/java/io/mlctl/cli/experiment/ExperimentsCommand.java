package io.mlctl.cli.experiment;

import picocli.CommandLine.Command;

/** {@code mlctl experiments ...}: size A/B tests locally; create, feed and read experiments on the control plane. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Size A/B tests, and run experiments on the control plane.",
        subcommands = {SizeCommand.class, PowerCommand.class, CreateCommand.class, ListCommand.class, GetCommand.class,
                StopCommand.class, AssignCommand.class, EventsCommand.class, ReportCommand.class})
public final class ExperimentsCommand {
}
