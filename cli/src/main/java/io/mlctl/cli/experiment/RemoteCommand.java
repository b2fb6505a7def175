package io.mlctl.cli.experiment;

import io.mlctl.cli.support.ServerOptions;
import picocli.CommandLine.Mixin;

/** An experiments command that talks to the control plane: {@code --server}/{@code --token} as well. */
abstract class RemoteCommand extends OutputCommand {
    @Mixin
    ServerOptions server;
}
