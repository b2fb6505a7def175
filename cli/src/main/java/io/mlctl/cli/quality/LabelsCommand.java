package io.mlctl.cli.quality;

import picocli.CommandLine.Command;

/** {@code mlctl labels ...}: send labels (ground truth) for logged predictions. */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Send labels (NDJSON) joined to the predictions logged under the same request id.",
        subcommands = {LabelsSendCommand.class})
public final class LabelsCommand {
}
