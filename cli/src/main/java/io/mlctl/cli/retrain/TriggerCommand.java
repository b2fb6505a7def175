package io.mlctl.cli.retrain;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mlctl retrain trigger MODEL --version V}. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Fire a retrain trigger by hand (delivered like a drift trigger; a repeat within the cooldown "
                + "answers the existing one).")
public final class TriggerCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;
    @Option(names = "--version", paramLabel = "V", required = true, description = "The version to retrain from.")
    int version;
    @Option(names = "--reason", paramLabel = "manual|rollback", defaultValue = "manual",
            description = "Why (default ${DEFAULT-VALUE}).")
    String reason;
    @Option(names = "--note", paramLabel = "TEXT", description = "Free text kept in the trigger's evidence.")
    String note;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("reason", reason);
        if (note != null) {
            body.put("evidence", Map.of("note", note));
        }
        new Printer(spec.commandLine().getOut(), output.output).object(
                server.client().post(ApiPaths.retrainTriggers(model), body));
        return 0;
    }
}
