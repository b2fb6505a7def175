package io.mlctl.cli.registry;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.api.registry.AliasSetRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;
import static io.mlctl.cli.support.ApiClient.seg;

/** {@code mlctl alias ...}: aliases of a model. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = "Point aliases (production, champion...) at versions, and read their history.",
        subcommands = {AliasCommand.Set.class, AliasCommand.Get.class, AliasCommand.ListAliases.class,
                AliasCommand.Remove.class, AliasCommand.History.class})
public final class AliasCommand {

    /** The MODEL ALIAS pair most alias commands take. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        String path() {
            return ApiPaths.alias(model, alias);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Point an alias at a READY version (atomic).",
            footer = {"", "Examples:", "  mlctl alias set fraud production 8",
                    "  mlctl alias set fraud production 8 --expect 7   # fails (409) if someone moved it meanwhile"})
    static final class Set extends ApiCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;
        @Parameters(index = "2", paramLabel = "VERSION")
        int version;
        @Option(names = "--expect", paramLabel = "VERSION",
                description = "Only move it if it currently points at VERSION (0: only if it does not exist yet).")
        Integer expected;

        @Override
        public Integer call() {
            printer().object(server.client().put(ApiPaths.alias(model, alias),
                    new AliasSetRequest(version, expected)));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show the version an alias points at.")
    static final class Get extends ApiCommand {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            printer().object(client().get(target.path()));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a model's aliases.")
    static final class ListAliases extends ApiCommand {
        @Parameters(paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() {
            printer().list(server.client().get(ApiPaths.aliases(model)),
                    List.of("alias", "version", "updatedAt", "updatedBy"));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove an alias (kept in its history).")
    static final class Remove extends ApiCommand {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            done("removed alias " + target.alias + " of " + target.model, client().delete(target.path()));
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every move of an alias, oldest first.")
    static final class History extends ApiCommand {
        @Mixin
        Target target;
        @Mixin
        PageOptions paging;

        @Override
        public Integer call() {
            var page = client().get(query(ApiPaths.aliasHistory(target.model, target.alias),
                    params("page", paging.page, "size", paging.size)));
            Lists.print(spec.commandLine().getOut(), output.output, page,
                    List.of("at", "fromVersion", "toVersion", "actor"));
            return 0;
        }
    }
}
