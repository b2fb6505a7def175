package io.mlctl.controlplane.server;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mlctl server} options of Kafka ingest (docs/KAFKA.md): off unless a bootstrap address is given. */
public final class KafkaOptions implements ServerProperties {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Consume the subscribed Kafka topics (mlctl samples subscribe) from this cluster, in one "
                    + "consumer group with every other replica (default: off).")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS... as Kafka's own keys: security.protocol, "
                    + "sasl.mechanism, sasl.jaas.config, ssl.truststore.location...).")
    Path config;

    @Option(names = "--kafka-group", paramLabel = "GROUP", defaultValue = "mlctl-control-plane",
            description = "Consumer group id shared by the replicas (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--kafka-consumers", paramLabel = "N",
            description = "Consumers (threads) of this replica in the group, each owning a share of the partitions "
                    + "(default 1; more than the partitions is idle).")
    Integer consumers;

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (bootstrap != null && !bootstrap.isBlank()) {
            p.put("mlctl.kafka.bootstrap", bootstrap.trim());
            p.put("mlctl.kafka.group", group);
        }
        if (consumers != null) {
            if (consumers < 1 || consumers > 64) {
                throw new IllegalArgumentException("--kafka-consumers " + consumers + ": between 1 and 64");
            }
            p.put("mlctl.kafka.consumers", consumers);
        }
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw new IllegalArgumentException("--kafka-config " + config + ": not a readable file");
            }
            p.put("mlctl.kafka.config", config.toAbsolutePath().toString());
        }
        return p;
    }
}
