package io.mlctl.cli.monitor;

import picocli.CommandLine.Command;

/** {@code mlctl profiles ...}: reference profiles that drift is measured against. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Upload and show the reference profile of a model version (what drift is measured against).",
        subcommands = {ProfileUploadCommand.class, ProfileGetCommand.class})
public final class ProfilesCommand {
}
