package io.mlctl.cli.support;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Bad command-line usage (unknown option, missing or conflicting options, a value of the wrong type) becomes one
 * line on stderr, "mlctl: reason (see 'mlctl ... --help')", and exit code 64, instead of the whole usage text.
 */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage() == null ? "invalid usage" : ex.getMessage().replace('\n', ' ');
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        err.println("mlctl: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }
}
