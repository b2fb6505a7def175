package io.mlctl.cli.support;

/** {@code --output table|json|yaml}. */
public enum OutputFormat {
    table, json, yaml
}
