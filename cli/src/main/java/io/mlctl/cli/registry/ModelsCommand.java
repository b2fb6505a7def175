package io.mlctl.cli.registry;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelUpdateRequest;
import io.mlctl.cli.support.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;
import static io.mlctl.cli.support.ApiClient.seg;

/** {@code mlctl models ...}: registered models. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Create, list, show and delete registered models.",
        subcommands = {ModelsCommand.Create.class, ModelsCommand.ListModels.class, ModelsCommand.Get.class,
                ModelsCommand.Update.class, ModelsCommand.Delete.class})
public final class ModelsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a model.",
            footer = {"", "Example: mlctl models create fraud --description 'card fraud' --owner risk-team --tag team=risk"})
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Lowercase DNS label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63.")
        String name;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--owner", paramLabel = "OWNER")
        String owner;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag (repeatable).")
        Map<String, String> tags;

        @Override
        public Integer call() {
            printer().object(server.client().post(ApiPaths.models(),
                    new ModelCreateRequest(name, description, owner, tags)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List models, by name.",
            footer = {"", "Example: mlctl models list --name fra --tag team=risk"})
    static final class ListModels extends ApiCommand {
        @Option(names = "--name", paramLabel = "TEXT", description = "Names containing TEXT.")
        String name;
        @Option(names = "--owner", paramLabel = "OWNER")
        String owner;
        @Option(names = "--tag", paramLabel = "KEY[=VALUE]", description = "Has the tag (with that value); repeatable, all must match.")
        List<String> tags;
        @Mixin
        PageOptions paging;

        @Override
        public Integer call() {
            var page = server.client().get(query(ApiPaths.models(), params("name", name, "owner", owner,
                    "page", paging.page, "size", paging.size)) + tagParams(tags));
            Lists.print(spec.commandLine().getOut(), output.output, page,
                    List.of("name", "latestVersion", "aliases", "owner", "tags", "updatedAt"));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a model.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            printer().object(server.client().get(ApiPaths.model(name)));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a model's description, owner or tags (--tag replaces all tags).")
    static final class Update extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--owner", paramLabel = "OWNER")
        String owner;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "The new tags (repeatable).")
        Map<String, String> tags;

        @Override
        public Integer call() {
            printer().object(server.client().patch(ApiPaths.model(name),
                    new ModelUpdateRequest(description, owner, tags)));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a model with its versions and aliases (admin token needed).",
                    "A model that still has aliases or running experiments is only deleted with --force."})
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--force", description = "Delete even though aliases point at its versions; stops its running experiments.")
        boolean force;

        @Override
        public Integer call() {
            done("deleted model " + name, client().delete(query(ApiPaths.model(name), params("force", force ? true : null))));
            return 0;
        }
    }

    /** {@code &tag=a&tag=b=c} for a list of tag filters. */
    static String tagParams(List<String> tags) {
        StringBuilder sb = new StringBuilder();
        if (tags != null) {
            for (String t : tags) {
                sb.append("&tag=").append(java.net.URLEncoder.encode(t, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

}
