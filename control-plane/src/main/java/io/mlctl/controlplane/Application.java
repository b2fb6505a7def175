package io.mlctl.controlplane;

import io.mlctl.controlplane.server.ServerCommand;
import picocli.CommandLine;

/** Entry point of the control plane ({@code bin/mlctl server}); options are parsed by {@link ServerCommand}. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        ServerCommand command = new ServerCommand();
        int exit = ServerCommand.commandLine(command).execute(args);
        if (!command.started()) {
            // --help, a usage error or a failed start; a running server keeps the JVM alive by its own threads
            System.exit(exit);
        }
    }
}
