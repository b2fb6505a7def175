package io.mlctl.cli.registry;

import picocli.CommandLine.Option;

/** {@code --page} and {@code --size} of list commands. */
public final class PageOptions {
    @Option(names = "--page", paramLabel = "N", defaultValue = "0", description = "Page, from 0 (default ${DEFAULT-VALUE}).")
    public int page;

    @Option(names = "--size", paramLabel = "N", defaultValue = "50", description = "Items per page, 1-1000 (default ${DEFAULT-VALUE}).")
    public int size;
}
