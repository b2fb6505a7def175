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
 * One {@code mlctl} invocation in-process against a control plane: its exit code and what it printed. {@link #of}
 * inserts {@code --server}/{@code --token} after the command (after the group and its subcommand, or after a
 * single-word command such as {@code demo}).
 */
public record CliRun(int exit, String out, String err) {

    public JsonNode json() {
        try {
            return Printer.JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out + err, e);
        }
    }

    /** Runs {@code args} against {@code server} with {@code token}; {@code at} is where the two options go. */
    public static CliRun of(URI server, String token, int at, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(at, "--server=" + server);
        all.add(at, "--token=" + token);
        CommandLine cl = Mlctl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
