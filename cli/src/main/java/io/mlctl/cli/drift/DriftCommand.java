package io.mlctl.cli.drift;

import picocli.CommandLine.Command;

/** {@code mlctl drift ...}: offline comparison of two files, and the server's drift status and reports. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Compare datasets for drift, and read drift status and reports.",
        subcommands = {CompareCommand.class, StatusCommand.class, ReportCommand.class})
public final class DriftCommand {
}
