package io.mlctl.cli.config;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.OutputOptions;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl config ...}: named control planes with their tokens (contexts), like {@code kubectl config}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Contexts: named control planes with their tokens, kept in ~/.mlctl/config.yaml (or $MLCTL_CONFIG),",
                "written owner-only (0600). Each of server and token comes from the first that has it: the flag",
                "(--server, --token), the environment (MLCTL_SERVER, MLCTL_TOKEN), the context (--context NAME,",
                "else the current one)."},
        footer = {"", "Example:",
                "  mlctl config set-context prod --server https://mlctl.example.com --token-stdin < token.txt",
                "  mlctl config use-context prod",
                "  mlctl models list                    # against prod",
                "  mlctl --context staging models list  # once against staging"},
        subcommands = {ConfigCommand.SetContext.class, ConfigCommand.UseContext.class, ConfigCommand.GetContexts.class,
                ConfigCommand.CurrentContext.class, ConfigCommand.DeleteContext.class})
public final class ConfigCommand {

    abstract static class Base implements Callable<Integer> {
        @Mixin
        OutputOptions output;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** A one-line confirmation in table mode; the context (token hidden) as JSON/YAML. */
        void done(String message, Object result) {
            if (output.output == OutputFormat.table) {
                out().println(message);
                out().flush();
            } else {
                new Printer(out(), output.output).object(result);
            }
        }

        static CliConfig.Context existing(CliConfig config, String name, Path file) {
            return config.context(name).orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                    "no context '" + name + "' in " + file + " (see 'mlctl config get-contexts')"));
        }
    }

    @Command(name = "set-context", mixinStandardHelpOptions = true,
            description = {"Add a context, or change the server or token of an existing one.",
                    "The first context becomes the current one."})
    static final class SetContext extends Base {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = {"-s", "--server"}, paramLabel = "URL", description = "Control-plane URL.")
        String server;
        @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (shows in ps and shell history; prefer --token-stdin).")
        String token;
        @Option(names = "--token-stdin", description = "Read the token from standard input (its first line).")
        boolean tokenStdin;

        @Override
        public Integer call() throws IOException {
            if (name.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "a context needs a name");
            }
            if (token != null && tokenStdin) {
                throw new CliException(ExitCodes.USAGE, "--token and --token-stdin exclude each other");
            }
            String t = token;
            if (tokenStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isBlank()) {
                    throw new CliException(ExitCodes.USAGE, "--token-stdin: no token on standard input");
                }
                t = line.trim();
            }
            if (server != null && !server.matches("(?i)https?://\\S+")) {
                throw new CliException(ExitCodes.USAGE, "--server must be an http:// or https:// URL, not '" + server + "'");
            }
            Path file = CliConfig.path();
            CliConfig config = CliConfig.load(file);
            CliConfig.Context old = config.context(name).orElse(null);
            if (old == null && server == null) {
                throw new CliException(ExitCodes.USAGE, "a new context needs --server");
            }
            CliConfig.Context ctx = new CliConfig.Context(name, server != null ? server : old.server(),
                    t != null ? t : old == null ? null : old.token());
            config = config.with(ctx);
            boolean madeCurrent = config.currentContext() == null;
            if (madeCurrent) {
                config = config.withCurrent(name);
            }
            config.save(file);
            done((old == null ? "context " + name + " created" : "context " + name + " modified")
                    + (madeCurrent ? " and is now the current one" : ""), view(ctx, config.currentContext()));
            return 0;
        }
    }

    @Command(name = "use-context", mixinStandardHelpOptions = true, description = "Make a context the current one.")
    static final class UseContext extends Base {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Path file = CliConfig.path();
            CliConfig config = CliConfig.load(file);
            CliConfig.Context ctx = existing(config, name, file);
            config.withCurrent(name).save(file);
            done("switched to context " + name, view(ctx, name));
            return 0;
        }
    }

    @Command(name = "get-contexts", mixinStandardHelpOptions = true,
            description = "List the contexts (or one), the current one marked with *; tokens are never shown.")
    static final class GetContexts extends Base {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        public Integer call() {
            Path file = CliConfig.path();
            CliConfig config = CliConfig.load(file);
            List<CliConfig.Context> list = name == null ? config.contexts() : List.of(existing(config, name, file));
            Printer printer = new Printer(out(), output.output);
            if (output.output == OutputFormat.table) {
                List<String[]> rows = new ArrayList<>();
                for (CliConfig.Context c : list) {
                    rows.add(new String[]{c.name().equals(config.currentContext()) ? "*" : "", c.name(),
                            c.server() == null ? "" : c.server(), c.token() == null ? "(none)" : "(set)"});
                }
                if (rows.isEmpty()) {
                    out().println("(none; add one with 'mlctl config set-context NAME --server URL --token-stdin')");
                    out().flush();
                } else {
                    printer.table(new String[]{"CURRENT", "NAME", "SERVER", "TOKEN"}, rows);
                }
            } else {
                printer.object(list.stream().map(c -> view(c, config.currentContext())).toList());
            }
            return 0;
        }
    }

    @Command(name = "current-context", mixinStandardHelpOptions = true, description = "Print the current context's name.")
    static final class CurrentContext extends Base {
        @Override
        public Integer call() {
            CliConfig config = CliConfig.load(CliConfig.path());
            if (config.currentContext() == null) {
                throw new CliException(ExitCodes.NOT_FOUND, "no current context is set (see 'mlctl config use-context')");
            }
            done(config.currentContext(), Map.of("currentContext", config.currentContext()));
            return 0;
        }
    }

    @Command(name = "delete-context", mixinStandardHelpOptions = true,
            description = "Delete a context (when it is the current one, no context is current afterwards).")
    static final class DeleteContext extends Base {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Path file = CliConfig.path();
            CliConfig config = CliConfig.load(file);
            CliConfig.Context ctx = existing(config, name, file);
            config.without(name).save(file);
            done("deleted context " + name, view(ctx, null));
            return 0;
        }
    }

    /** A context as shown to the user: never the token itself. */
    static Map<String, Object> view(CliConfig.Context c, String current) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("server", c.server());
        m.put("hasToken", c.token() != null);
        m.put("current", c.name().equals(current));
        return m;
    }
}
