package io.mlctl.cli;

import io.mlctl.cli.completion.CompletionCommand;
import io.mlctl.cli.config.ConfigCommand;
import io.mlctl.cli.drift.DriftCommand;
import io.mlctl.cli.registry.AliasCommand;
import io.mlctl.cli.registry.ModelsCommand;
import io.mlctl.cli.registry.ResolveCommand;
import io.mlctl.cli.registry.VersionsCommand;
import io.mlctl.cli.schema.SchemasCommand;
import io.mlctl.cli.security.TokensCommand;
import io.mlctl.cli.monitor.ProfilesCommand;
import io.mlctl.cli.monitor.SamplesCommand;
import io.mlctl.cli.quality.LabelsCommand;
import io.mlctl.cli.quality.QualityCommand;
import io.mlctl.cli.retrain.RetrainCommand;
import io.mlctl.cli.demo.DemoCommand;
import io.mlctl.cli.experiment.ExperimentsCommand;
import io.mlctl.cli.rollout.RolloutCommand;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.ErrorHandler;
import io.mlctl.cli.support.UsageErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.List;

/**
 * The {@code mlctl} command line. Every sub-command talks to the control plane over HTTP (or works on local files);
 * nothing here links the server's code.
 *
 * <p>Command groups are registered in code ({@link #GROUPS}, {@link #group}), not in the {@code @Command} annotation:
 * picocli builds the model of every registered command by reflection when the {@link CommandLine} is created, which
 * for all groups costs more than the rest of a short command. {@link #commandLine(String...)} registers only the group
 * that the arguments name (all of them for help, completion, no or an unknown command).
 */
@Command(name = "mlctl",
        mixinStandardHelpOptions = true,
        versionProvider = Mlctl.Version.class,
        description = "ML-ops control plane: models, schemas, drift, experiments and rollouts.",
        footer = {"",
                "Environment: MLCTL_SERVER (default http://localhost:8080), MLCTL_TOKEN;",
                "             KUBECONFIG for 'mlctl rollout' (ModelRollouts live in Kubernetes).",
                "             MLCTL_CONFIG: the contexts file (default ~/.mlctl/config.yaml, see 'mlctl config').",
                "Exit codes: 0 ok, 1 request failed, 2 check failed (e.g. drift with --fail-on-drift),",
                "            3 server unreachable, 4 not found, 64 usage error."})
public final class Mlctl implements Runnable {

    /** The command groups in the order the usage help lists them; each name is resolved by {@link #group}. */
    static final List<String> GROUPS = List.of("help", "models", "versions", "alias", "resolve", "schemas", "tokens",
            "drift", "profiles", "samples", "labels", "quality", "retrain", "demo", "experiments", "rollout", "config", "completion");

    /** The class of a command group; a class literal in a switch branch loads only when that branch runs. */
    static Class<?> group(String name) {
        return switch (name) {
            case "help" -> CommandLine.HelpCommand.class;
            case "models" -> ModelsCommand.class;
            case "versions" -> VersionsCommand.class;
            case "alias" -> AliasCommand.class;
            case "resolve" -> ResolveCommand.class;
            case "schemas" -> SchemasCommand.class;
            case "tokens" -> TokensCommand.class;
            case "drift" -> DriftCommand.class;
            case "profiles" -> ProfilesCommand.class;
            case "samples" -> SamplesCommand.class;
            case "labels" -> LabelsCommand.class;
            case "quality" -> QualityCommand.class;
            case "retrain" -> RetrainCommand.class;
            case "demo" -> DemoCommand.class;
            case "experiments" -> ExperimentsCommand.class;
            case "rollout" -> RolloutCommand.class;
            case "config" -> ConfigCommand.class;
            case "completion" -> CompletionCommand.class;
            default -> null;
        };
    }

    @Option(names = "--context", paramLabel = "NAME",
            description = "Use this context of the contexts file (see 'mlctl config'); flags and MLCTL_SERVER/MLCTL_TOKEN still win.")
    String context;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress bars or notes on stderr (results and errors are still printed).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The global {@code --context}, or null. */
    public String context() {
        return context;
    }

    /** The global {@code --quiet}. */
    public boolean quiet() {
        return quiet;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The whole command tree (every group): for tests, help and completion scripts. */
    public static CommandLine commandLine() {
        return build(GROUPS);
    }

    /**
     * The command tree for these arguments: only the group they name; none for {@code --version}; all of them for
     * help, completion, no arguments or an unknown command (so picocli can list or suggest them).
     */
    public static CommandLine commandLine(String... args) {
        String first = firstCommand(args);
        if (first == null) {
            boolean help = args.length == 0 || List.of(args).contains("-h") || List.of(args).contains("--help");
            return build(help ? GROUPS : List.of());
        }
        boolean single = !first.equals("help") && !first.equals("completion") && group(first) != null;
        return build(single ? List.of(first) : GROUPS);
    }


    private static CommandLine build(List<String> groups) {
        CommandLine cl = new CommandLine(new Mlctl());
        for (String name : groups) {
            cl.addSubcommand(name, group(name));
        }
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExitCodeExceptionMapper(ErrorHandler::exitCode);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        // descriptions are written as lines of up to ~115 columns: wrapping them at picocli's default 80 when the
        // terminal width is unknown (pipes, CI logs) would break every line in two
        cl.setUsageHelpWidth(120);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    /** The first argument that is not one of mlctl's own options (or the value of {@code --context}). */
    static String firstCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--context")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Mlctl.class.getPackage().getImplementationVersion();
            return new String[]{"mlctl " + (v == null ? "dev" : v)};
        }
    }
}
