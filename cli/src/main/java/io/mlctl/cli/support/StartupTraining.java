package io.mlctl.cli.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mlctl.cli.Mlctl;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the CLI's class-data-sharing archive: {@code bin/mlctl} runs it once per build with
 * {@code -XX:ArchiveClassesAtExit}, and every later command maps the classes it loaded (parsed, verified and linked
 * once) instead of reading them from the jars. So it does what short commands do: help, version, a list as table,
 * JSON and YAML, a problem answer, a contexts file, against a loopback HTTP server that answers like the control
 * plane. Its output goes nowhere.
 */
public final class StartupTraining {
    private static final String MODELS_PAGE = """
            {"items":[{"name":"fraud","description":"card fraud","owner":"risk","tags":{"team":"risk"},
            "latestVersion":3,"aliases":{"production":3},"createdAt":"2026-01-01T00:00:00Z",
            "updatedAt":"2026-01-02T00:00:00.123456Z"}],"page":0,"size":50,"total":1}""";
    private static final String NOT_FOUND = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"model 'missing' does not exist"}""";

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", StartupTraining::answer);
        server.start();
        Path dir = Files.createTempDirectory("mlctl-cds-");
        Path config = dir.resolve("config.yaml");
        System.setProperty("mlctl.config", config.toString());
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            run("--version");
            run("--help");
            run("models", "--help");
            run("models", "list", "--help");
            run("config", "set-context", "training", "--server", url, "--token", "training");
            run("config", "get-contexts");
            for (String format : new String[]{"table", "json", "yaml"}) {
                run("models", "list", "-o", format);
            }
            run("models", "get", "missing", "--server", url, "--token", "training");
            run("versions", "list", "fraud", "--server", url, "--token", "training");
            run("models", "list", "--server", "http://127.0.0.1:1");
            run("models", "lst");
        } finally {
            server.stop(0);
            System.clearProperty("mlctl.config");
            Files.deleteIfExists(config);
            Files.deleteIfExists(dir);
        }
    }

    private static void run(String... args) {
        CommandLine cl = Mlctl.commandLine(args);
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute(args);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        boolean models = exchange.getRequestURI().getPath().equals(io.mlctl.api.client.ApiPaths.models());
        byte[] body = (models ? MODELS_PAGE : NOT_FOUND).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", models ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(models ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
