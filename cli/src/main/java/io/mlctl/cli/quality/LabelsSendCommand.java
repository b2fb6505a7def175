package io.mlctl.cli.quality;

import io.mlctl.cli.monitor.SamplesSendCommand;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * {@code mlctl labels send MODEL VERSION FILE}: {@code samples send}'s batching, derived Idempotency-Keys and
 * retries, posting to {@code .../labels} and summing how many labels matched a prediction.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send an NDJSON file of labels, one {\"request_id\", \"label\", \"ts\"} object per line, in",
                "batches. Each label joins the prediction logged under its request id (matched; a later label",
                "replaces an earlier one); labels for unknown ids (unmatched) or predictions older than the",
                "server's --label-horizon (expired) are counted, not stored. Re-running the same command is",
                "safe: batches already accepted are acknowledged again and change nothing."})
public final class LabelsSendCommand extends SamplesSendCommand {
    @Override
    protected String resource() {
        return "labels";
    }

    @Override
    protected List<String> countedFields() {
        return List.of("matched", "replaced", "unmatched", "expired");
    }
}
