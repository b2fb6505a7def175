package io.mlctl.cli.support;

import io.mlctl.cli.Mlctl;
import io.mlctl.cli.config.CliConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mixin for where the control plane is and who we are, the one place that decides it. Each of server and token is
 * taken from the first that has it: the flag ({@code --server}, {@code --token}), the environment
 * ({@code MLCTL_SERVER}, {@code MLCTL_TOKEN}), the context ({@code --context NAME}, here or before the command, else
 * the contexts file's current-context; see {@code mlctl config}); the server defaults to http://localhost:8080.
 * The contexts file is only read when a flag or variable leaves something open.
 */
public final class ServerOptions {
    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = {"-s", "--server"}, paramLabel = "URL",
            description = "Control-plane URL (env MLCTL_SERVER, else the context's, default " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = {"--token"}, paramLabel = "TOKEN", description = "Bearer token (env MLCTL_TOKEN, else the context's).")
    String token;

    @Option(names = {"--context"}, paramLabel = "NAME",
            description = "Context of the contexts file (default: its current-context; see 'mlctl config').")
    String context;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private CliConfig.Context resolved;
    private boolean looked;

    public String server() {
        String s = explicitServer();
        return s == null ? DEFAULT_SERVER : s;
    }

    /** The server the user named (flag, MLCTL_SERVER or context), or null when the default would be used. */
    public String explicitServer() {
        String s = firstOf(server, System.getenv("MLCTL_SERVER"));
        if (s == null || contextName() != null) {
            CliConfig.Context c = context();
            s = s != null || c == null ? s : blankToNull(c.server());
        }
        if (s == null) {
            return null;
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String token() {
        String t = firstOf(token, System.getenv("MLCTL_TOKEN"));
        if (t == null || contextName() != null) {
            CliConfig.Context c = context();
            t = t != null || c == null ? t : blankToNull(c.token());
        }
        return t;
    }

    public ApiClient client() {
        return new ApiClient(server(), token());
    }

    /** The context in use: the one named by {@code --context}, else the current one; null when there is none. */
    private CliConfig.Context context() {
        if (!looked) {
            looked = true;
            String name = contextName();
            var file = CliConfig.path();
            CliConfig config = CliConfig.load(file);
            if (name == null) {
                name = config.currentContext();
                if (name == null) {
                    return null;
                }
            }
            String wanted = name;
            resolved = config.context(name).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                    "no context '" + wanted + "' in " + file + " (see 'mlctl config get-contexts')"));
        }
        return resolved;
    }

    /** {@code --context} given here or before the command (an explicit name is checked even when unused). */
    private String contextName() {
        if (context != null) {
            return context;
        }
        return mixee != null && mixee.root().userObject() instanceof Mlctl root ? root.context() : null;
    }

    private static String firstOf(String flag, String env) {
        String v = blankToNull(flag);
        return v != null ? v : blankToNull(env);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
