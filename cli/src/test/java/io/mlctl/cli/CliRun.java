package io.mlctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code mlctl} invocation in-process: its exit code and what it printed. The one runner of the CLI's tests:
 * {@link #run} takes the arguments as given (offline commands, kubeconfig, contexts), {@link #of} adds
 * {@code --server}/{@code --token} for a control plane.
 */
public record CliRun(int exit, String out, String err) {

    public JsonNode json() {
        try {
            return Printer.JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out + err, e);
        }
    }

    /** Runs {@code args} as given, with the command tree {@code bin/mlctl} builds for them. */
    public static CliRun run(String... args) {
        CommandLine cl = Mlctl.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /**
     * Runs {@code args} against {@code server} with {@code token} (none when null); {@code at} is where the two
     * options go (after the group and its subcommand, after a single-word command such as {@code demo}, or at the end).
     */
    public static CliRun of(URI server, String token, int at, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(at, "--server=" + server);
        if (token != null) {
            all.add(at, "--token=" + token);
        }
        return run(all.toArray(String[]::new));
    }
}
