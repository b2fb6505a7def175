package io.mlctl.controlplane.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.mlctl.controlplane.Application;
import io.mlctl.controlplane.cloudevents.CloudEventOptions;
import io.mlctl.controlplane.server.MonitoringOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mlctl server}: parses the options, maps them to Micronaut properties and starts the application. Every
 * {@link ServerProperties} mixin contributes properties; add a feature's options by adding a mixin field here.
 */
@Command(name = "mlctl server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the mlctl control plane: REST API under /api/v1, OpenAPI at /openapi.yml,",
                "health at /health, Prometheus metrics at /metrics (no token needed)."},
        footer = {"",
                "Environment:",
                "  MLCTL_ADMIN_TOKEN       bootstrap admin token (else one is generated and",
                "                          printed once, on the first start)",
                "  MLCTL_INGEST_TOKEN      bootstrap ingest token (every model) for the",
                "                          inference logger sidecars",
                "  MLCTL_DB_URL, MLCTL_DB_USER, MLCTL_DB_PASSWORD, MLCTL_DATA_DIR, MLCTL_PORT",
                "                          defaults of the options above",
                "  MLCTL_SERVER_JAVA_OPTS  JVM options: -Xmx2g, -Dmicronaut.<property>=<value>"})
public final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @Mixin
    HttpOptions http;

    @Mixin
    DatabaseOptions database;

    @Mixin
    MonitoringOptions monitoring;

    @Mixin
    CloudEventOptions cloudEvents;

    @Mixin
    KafkaOptions kafka;

    private volatile boolean started;

    public static CommandLine commandLine(ServerCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setUsageHelpAutoWidth(true);
        cl.getCommandSpec().exitCodeOnInvalidInput(64);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("mlctl server: cannot start on port " + command.http.port + " with database "
                    + command.database.describe() + ": " + rootMessage(ex));
            return 1;
        });
        return cl;
    }

    /** Every property the options set, in mixin order (later mixins win). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof ServerProperties sp) {
                p.putAll(sp.properties());
            }
        }
        return p;
    }

    @Override
    public Integer call() throws IOException {
        if (database.embedded()) {
            Files.createDirectories(database.dataDir());
        }
        ApplicationContext ctx = ApplicationContext.builder()
                .mainClass(Application.class)
                .properties(properties())
                .banner(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
            server.start();
            started = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ctx.close();
                stopped.countDown();
            }, "mlctl-shutdown"));
            System.out.println("mlctl control plane listening on " + server.getURL() + " (database: "
                    + database.describe() + ")");
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        // serve until the JVM is asked to stop (Ctrl-C, SIGTERM)
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    public boolean started() {
        return started;
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        String msg = ex.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? ex.getClass().getSimpleName() : msg.replace('\n', ' ');
    }
}
