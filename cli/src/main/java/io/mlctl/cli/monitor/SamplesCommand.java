package io.mlctl.cli.monitor;

import picocli.CommandLine.Command;

/** {@code mlctl samples ...}: send prediction and feature samples to the control plane. */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Send prediction and feature samples (NDJSON) for monitoring (drift, and quality once labels arrive).",
        subcommands = {SamplesSendCommand.class})
public final class SamplesCommand {
}
