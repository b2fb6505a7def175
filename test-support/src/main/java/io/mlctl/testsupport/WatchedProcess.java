package io.mlctl.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real process a test starts (a control plane, an inference logger...): stdout and stderr go, line by line, to a
 * log file and to {@link #await}, which waits for a line such as {@code listening on http://127.0.0.1:(\d+)}. The one
 * way tests launch our programs as processes, so each does not copy the output pump and its failure handling.
 */
public final class WatchedProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private WatchedProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** The {@code java} of the JVM running the tests, for starting another one. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} with {@code env} added to (and the names in {@code unset} removed from) this JVM's
     * environment; {@code name} says what it is in failure messages ("the logger").
     */
    public static WatchedProcess start(String name, List<String> command, Map<String, String> env, List<String> unset,
                                       Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        WatchedProcess w = new WatchedProcess(pb.start(), log, name);
        Thread pump = new Thread(w::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
        return w;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone (or its output was closed by destroy())
        }
        synchronized (lines) {
            ended = true;
            lines.notifyAll();
        }
    }

    /**
     * Waits until a line (printed before or after this call) contains {@code pattern}; its match. If the process ends
     * first or {@code timeout} passes, stops it and throws with its output.
     */
    public MatchResult await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.toMatchResult();
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + (ended ? " exited" : " printed no line like '" + pattern + "' in "
                + timeout.toSeconds() + " s") + "; see " + log + ":\n" + output());
    }

    /** {@link #await} for a line whose first group is a port number. */
    public int awaitPort(Pattern pattern) throws InterruptedException {
        return Integer.parseInt(await(pattern, Duration.ofSeconds(120)).group(1));
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a pod's stop), then SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
