package io.mlctl.cli.monitor;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.kafka.SubscriptionFormat;
import io.mlctl.api.kafka.SubscriptionRequest;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mlctl samples subscribe|unsubscribe|subscriptions}: a model version's Kafka subscription, which every
 * control-plane replica started with {@code --kafka-bootstrap} consumes into the version's windows (docs/KAFKA.md).
 */
public final class SubscriptionCommands {
    private SubscriptionCommands() {
    }

    static String path(String model, int version) {
        return ApiPaths.subscription(model, version);
    }

    @Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Consume a Kafka topic into a model version's drift windows (replaces the version's",
                    "subscription if it has one). Needs a server started with --kafka-bootstrap."},
            footer = {"", "Examples:",
                    "  mlctl samples subscribe fraud 3 --topic fraud-predictions --format mlctl",
                    "  mlctl samples subscribe fraud 3 --topic seldon.default.model.fraud.outputs --format oip \\",
                    "      --dead-letter-topic fraud-dlq"})
    public static final class Subscribe extends ApiCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to consume.")
        String topic;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "How its records read: ${COMPLETION-CANDIDATES} (mlctl: one sample line per record; "
                        + "oip: an Open Inference Protocol request/response pair; cloudevents: KServe's payload "
                        + "logger events, Kafka binary mode).")
        SubscriptionFormat format;

        @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
                description = "Where records that cannot be used are copied (they are counted either way).")
        String deadLetterTopic;

        @Override
        public Integer call() {
            JsonNode s = client().put(path(model, version), new SubscriptionRequest(topic, format, deadLetterTopic));
            done("subscribed " + model + " version " + version + " to topic " + s.path("topic").asText() + " ("
                    + s.path("format").asText() + (s.hasNonNull("deadLetterTopic") ? ", dead letters to "
                    + s.path("deadLetterTopic").asText() : "") + ")", s);
            return 0;
        }
    }

    @Command(name = "unsubscribe", mixinStandardHelpOptions = true,
            description = "Stop consuming a model version's topic (what was counted stays in its windows).")
    public static final class Unsubscribe extends ApiCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Override
        public Integer call() {
            client().delete(path(model, version));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", model);
            result.put("version", version);
            result.put("unsubscribed", true);
            done("unsubscribed " + model + " version " + version, result);
            return 0;
        }
    }

    @Command(name = "subscriptions", mixinStandardHelpOptions = true,
            description = "List every model version's Kafka subscription.")
    public static final class ListSubscriptions extends ApiCommand {
        @Override
        public Integer call() {
            JsonNode all = client().get(ApiPaths.subscriptions());
            if (output.output == OutputFormat.table) {
                printer().list(all.path("items"), List.of("model", "version", "topic", "format", "deadLetterTopic",
                        "createdAt", "createdBy"));
            } else {
                printer().object(all);
            }
            return 0;
        }
    }
}
