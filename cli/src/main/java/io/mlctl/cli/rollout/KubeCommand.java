package io.mlctl.cli.rollout;

import io.mlctl.cli.support.OutputOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every {@code mlctl rollout} command has: the Kubernetes connection, {@code --output}, picocli's spec. */
abstract class KubeCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
