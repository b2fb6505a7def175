package io.mlctl.cli.quality;

import picocli.CommandLine.Command;

/** {@code mlctl quality ...}: a model's realized and estimated quality per window. */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Model quality from labels joined to predictions, and CBPE estimates before they arrive.",
        subcommands = {QualityStatusCommand.class, QualityCompareCommand.class})
public final class QualityCommand {
}
