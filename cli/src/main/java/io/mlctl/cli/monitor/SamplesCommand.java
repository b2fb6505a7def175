package io.mlctl.cli.monitor;

import picocli.CommandLine.Command;

/** {@code mlctl samples ...}: send prediction and feature samples to the control plane, or subscribe it to a topic. */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Send prediction and feature samples (NDJSON) for monitoring (drift, and quality once labels arrive), "
                + "or have the control plane consume them from Kafka.",
        subcommands = {SamplesSendCommand.class, SubscriptionCommands.Subscribe.class,
                SubscriptionCommands.Unsubscribe.class, SubscriptionCommands.ListSubscriptions.class})
public final class SamplesCommand {
}
