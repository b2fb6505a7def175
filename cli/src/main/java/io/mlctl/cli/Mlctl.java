package io.mlctl.cli;

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

/**
 * The {@code mlctl} command line. Every sub-command talks to the control plane over HTTP (or works on local files);
 * nothing here links the server's code.
 */
@Command(name = "mlctl",
        mixinStandardHelpOptions = true,
        versionProvider = Mlctl.Version.class,
        description = "ML-ops control plane: models, schemas, drift, experiments and rollouts.",
        footer = {"",
                "Environment: MLCTL_SERVER (default http://localhost:8080), MLCTL_TOKEN;",
                "             KUBECONFIG for 'mlctl rollout' (ModelRollouts live in Kubernetes).",
                "Exit codes: 0 ok, 1 request failed, 2 check failed (e.g. drift with --fail-on-drift),",
                "            3 server unreachable, 4 not found, 64 usage error."},
        subcommands = {
                CommandLine.HelpCommand.class,
                ModelsCommand.class,
                VersionsCommand.class,
                AliasCommand.class,
                ResolveCommand.class,
                SchemasCommand.class,
                TokensCommand.class,
                DriftCommand.class,
                ProfilesCommand.class,
                SamplesCommand.class,
                LabelsCommand.class,
                QualityCommand.class,
                RetrainCommand.class,
                DemoCommand.class,
                ExperimentsCommand.class,
                RolloutCommand.class,
        })
public final class Mlctl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mlctl());
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Mlctl.class.getPackage().getImplementationVersion();
            return new String[]{"mlctl " + (v == null ? "dev" : v)};
        }
    }
}
