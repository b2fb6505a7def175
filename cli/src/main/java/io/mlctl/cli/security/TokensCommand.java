package io.mlctl.cli.security;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.security.Role;
import io.mlctl.api.security.TokenCreateRequest;
import io.mlctl.cli.registry.PageOptions;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;

/** {@code mlctl tokens ...}: API tokens (admin token needed). */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API tokens (needs an admin token).",
                "Roles: viewer (reads) < editor (writes) < admin (tokens, deleting models);",
                "ingest: write-only (samples, CloudEvents), optionally for one model (--model)."},
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token. Its secret is printed once; only a hash is stored.",
            footer = {"", "Examples: mlctl tokens create --name ci --role editor",
                    "          mlctl tokens create --name kserve --role ingest --model fraud"})
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses it (shown in the audit log).")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}.")
        Role role;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--model", paramLabel = "MODEL",
                description = "Ingest tokens only: the one model the token may send data for (default: every model).")
        String model;

        @Override
        public Integer call() {
            JsonNode created = client().post(ApiPaths.tokens(), new TokenCreateRequest(name, role, description, model));
            if (output.output != OutputFormat.table) {
                printer().object(created);
                return 0;
            }
            out().println("token " + created.path("info").path("id").asLong() + " (" + name + ", " + role
                    + (model == null ? "" : ", model " + model) + ") created. Its secret is shown only now:");
            out().println();
            out().println("  " + created.path("token").asText());
            out().println();
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens extends ApiCommand {
        @Mixin
        PageOptions paging;

        @Override
        public Integer call() {
            JsonNode page = client().get(query(ApiPaths.tokens(), params("page", paging.page, "size", paging.size)));
            if (output.output != OutputFormat.table) {
                printer().object(page);
            } else {
                printer().list(page.path("items"), List.of("id", "name", "role", "model", "createdAt", "createdBy", "revokedAt"));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; it stops working at once.")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            done("revoked token " + id, client().delete(ApiPaths.token(id)));
            return 0;
        }
    }
}
