package io.mlctl.kafka.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The child JVM's main class: reads {@code <dataDir>/server.properties} (written by {@link LocalKafkaBroker}),
 * formats the log directory on the first start (KRaft needs a cluster id and the bootstrap metadata in it), runs
 * the combined broker+controller and prints {@link #READY} once it serves. SIGTERM shuts it down cleanly (controlled
 * shutdown through the shutdown hook); SIGKILL is a crash the broker recovers from on its next start.
 */
public final class BrokerMain {
    /** The line the parent waits for on the child's output. */
    public static final String READY = "mlctl-kafka-broker ready";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain DATA_DIR");
            System.exit(64);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path config = dir.resolve(LocalKafkaBroker.CONFIG_FILE);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            props.load(in);
        }
        Path logs = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logs.resolve("meta.properties"))) {
            // the cluster id is fixed per data directory: written once here, read back by every restart
            int rc = StorageTool.execute(new String[]{"format", "--cluster-id",
                    props.getProperty(LocalKafkaBroker.CLUSTER_ID_KEY), "--config", config.toString(),
                    "--ignore-formatted"}, new PrintStream(System.out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                System.err.println("formatting " + logs + " failed (" + rc + ")");
                System.exit(1);
            }
        }
        props.remove(LocalKafkaBroker.CLUSTER_ID_KEY);
        props.remove(LocalKafkaBroker.PORT_KEY);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "kafka-shutdown"));
        server.startup();
        System.out.println(READY + " on " + props.getProperty("advertised.listeners"));
        System.out.flush();
        server.awaitShutdown();
    }
}
