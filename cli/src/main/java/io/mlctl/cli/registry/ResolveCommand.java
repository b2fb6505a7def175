package io.mlctl.cli.registry;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;

/** {@code mlctl resolve models:/fraud@production}. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Show the version a model URI names: models:/NAME@ALIAS, models:/NAME/VERSION or models:/NAME/latest.",
        footer = {"", "Example: mlctl resolve models:/fraud@production --output json"})
public final class ResolveCommand extends ApiCommand {
    @Parameters(paramLabel = "URI")
    String uri;

    @Override
    public Integer call() {
        printer().object(server.client().get(ApiPaths.resolve(uri)));
        return 0;
    }
}
