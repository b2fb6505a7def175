package io.mlctl.cli.support;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of a command that calls the control plane: {@code --server/--token} (or MLCTL_SERVER/MLCTL_TOKEN) and
 * {@code --output table|json|yaml}, printing to picocli's writer so tests can capture it.
 */
public abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    protected ServerOptions server;
    @Mixin
    protected OutputOptions output;
    @Spec
    protected CommandSpec spec;

    protected Printer printer() {
        return new Printer(out(), output.output);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected ApiClient client() {
        return server.client();
    }

    /** A one-line confirmation in table mode (scripts asking for JSON/YAML get the object instead). */
    protected void done(String message, Object result) {
        if (output.output == OutputFormat.table) {
            out().println(message);
            out().flush();
        } else {
            printer().object(result);
        }
    }
}
