package io.mlctl.cli.support;

import picocli.CommandLine.Option;

/** Mixin for {@code -o/--output table|json|yaml}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public OutputFormat output = OutputFormat.table;
}
