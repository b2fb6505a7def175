package io.mlctl.cli.support;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns any failure into one line on stderr ("mlctl: reason") and a documented exit code; no stack traces. */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        cmd.getErr().println("mlctl: " + message(ex));
        if (System.getenv("MLCTL_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        return exitCode(ex);
    }

    public static int exitCode(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    private static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u) {
            ex = u.getCause();
        }
        if (ex instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (ex instanceof IOException && ex.getMessage() != null) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
