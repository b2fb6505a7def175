package io.mlctl.cli.demo;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.kafka.broker.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code mlctl demo --kafka} adds to the demo: a local single-node KRaft broker ({@link LocalKafkaBroker}, a
 * child JVM on the CLI's own class path), the demo's topic, and the counters it compares at the end, read from the
 * processes' {@code /metrics} (the logger's acknowledged records, the server's consumed and rejected ones).
 */
final class KafkaDemo {
    /** Partitions of the demo's topic: more than one, so the records' keys (request ids) spread. */
    static final int PARTITIONS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KafkaDemo() {
    }

    /** Starts the broker with its data (and log, broker.log) under {@code dir}. */
    static LocalKafkaBroker startBroker(Path dir) {
        try {
            return LocalKafkaBroker.start(dir, 0, classPath());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the local Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The class path the broker's JVM gets: this one. Run by bin/mlctl it is the CLI jar alone, whose manifest lists
     * the Kafka jars in cli/target/lib, and a JVM follows a jar's manifest Class-Path.
     */
    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** A topic name of the version: Kafka allows [a-zA-Z0-9._-] only. */
    static String topic(String model, int version) {
        return (model.replaceAll("[^a-zA-Z0-9._-]", "-") + "-v" + version + "-predictions");
    }

    /** Creates the topic (one replica) unless it exists. */
    static void createTopic(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new CliException(ExitCodes.FAILED, "cannot create topic " + topic + " at " + bootstrap + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(ExitCodes.FAILED, "the broker at " + bootstrap + " did not create topic " + topic
                    + " within 90 s", e);
        }
    }

    private static final Pattern ADMIN = Pattern.compile("metrics on http://[^:/]+:(\\d+)/metrics");

    /** The logger's admin address, from the line it prints at start-up into its log. */
    static String adminUrl(Path loggerLog) {
        try {
            Matcher m = ADMIN.matcher(java.nio.file.Files.readString(loggerLog));
            if (m.find()) {
                return "http://127.0.0.1:" + m.group(1);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + loggerLog + ": " + e.getMessage(), e);
        }
        throw new CliException(ExitCodes.FAILED, "the logger did not say where its metrics are; see " + loggerLog);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    /** The sum of a metric's series whose labels contain every one of {@code labels} ({@code k="v"}), or 0. */
    static double sum(String metricsText, String name, String... labels) {
        double total = 0;
        for (String line : metricsText.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
                continue;
            }
            String set = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String l : labels) {
                all &= set.contains(l);
            }
            if (all) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** The Prometheus text a process's {@code /metrics} answers (no token needed). */
    static String metrics(String baseUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new CliException(ExitCodes.FAILED, baseUrl + "/metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot read " + baseUrl + "/metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted", e);
        }
    }
}
