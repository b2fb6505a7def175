package io.mlctl.cli.experiment;

import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every experiments command has: {@code --output}, and picocli's writers (which tests capture). */
abstract class OutputCommand {
    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    Printer printer() {
        return new Printer(spec.commandLine().getOut(), output.output);
    }
}
