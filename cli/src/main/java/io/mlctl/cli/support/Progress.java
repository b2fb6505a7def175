package io.mlctl.cli.support;

import io.mlctl.cli.Mlctl;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;

/**
 * Whether a command may draw a progress bar: only on a terminal. A bar is redrawn with carriage returns, which in a
 * log file or a pipe become hundreds of junk lines. Java cannot ask whether stderr is a terminal
 * ({@code System.console()} looks at stdin and stdout), so {@code bin/mlctl} tells it with
 * {@code -Dmlctl.stderr.tty=true} when {@code [ -t 2 ]}; run any other way, mlctl draws no bars.
 */
public final class Progress {
    public static final String TTY_PROPERTY = "mlctl.stderr.tty";

    private Progress() {
    }

    /** Where to draw the bar (stderr), or null: not a terminal, {@code --quiet}, or the command's {@code --no-progress}. */
    public static PrintStream stream(CommandSpec spec, boolean noProgress) {
        return noProgress || quiet(spec) || !Boolean.getBoolean(TTY_PROPERTY) ? null : System.err;
    }

    /** The global {@code -q/--quiet}: no progress bars and no notes on stderr. */
    public static boolean quiet(CommandSpec spec) {
        // an inherited option is copied into every subcommand: look at each command on the way up to mlctl
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            CommandLine.Model.OptionSpec q = s.findOption("--quiet");
            if (q != null && Boolean.TRUE.equals(q.getValue())) {
                return true;
            }
        }
        return spec != null && spec.root().userObject() instanceof Mlctl m && m.quiet();
    }
}
