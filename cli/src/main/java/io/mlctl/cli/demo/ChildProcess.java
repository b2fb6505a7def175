package io.mlctl.cli.demo;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the demo's helper processes (the control plane, the inference logger): a jar of this build run with the
 * same Java, its output copied to a log file, and started once it prints the line that says where it listens.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final String listening;
    private final Path log;

    private ChildProcess(Process process, String listening, Path log) {
        this.process = process;
        this.listening = listening;
        this.log = log;
    }

    /** The jar at {@code relative} under the mlctl checkout (bin/mlctl sets {@code mlctl.home}), or a clear error. */
    static Path jar(String relative, String what) {
        String home = System.getProperty("mlctl.home");
        Path jar = home == null ? null : Path.of(home).resolve(relative);
        if (jar == null || !Files.exists(jar)) {
            throw new CliException(ExitCodes.FAILED, "cannot start " + what + " (no " + relative + "; run this "
                    + "through bin/mlctl, which builds it)");
        }
        return jar;
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar args} and waits until a line of its output contains {@code marker};
     * what follows the marker up to the next space is {@link #listening()}.
     */
    static ChildProcess start(String what, Path jar, List<String> jvmOptions, List<String> args, Map<String, String> env,
                              Path log, String marker) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> started = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    int at = line.indexOf(marker);
                    if (at >= 0) {
                        started.complete(line.substring(at + marker.length()).split("[ ,]")[0]);
                    }
                }
            } catch (IOException ignored) {
                // the process exited
            }
            started.completeExceptionally(new IllegalStateException(what + " exited; see " + log));
        }, "demo-" + what.replace(' ', '-') + "-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ChildProcess(p, started.get(180, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new CliException(ExitCodes.FAILED, what + " did not start; see " + log, e);
        }
    }

    /** What the process printed after its marker (a URL or an address). */
    String listening() {
        return listening;
    }

    Path log() {
        return log;
    }

    /** A graceful stop (SIGTERM), forced after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
