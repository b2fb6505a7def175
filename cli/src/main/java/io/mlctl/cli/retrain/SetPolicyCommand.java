package io.mlctl.cli.retrain;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mlctl retrain set-policy MODEL ...}. */
@Command(name = "set-policy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Set when drift of a model fires a retrain trigger, and where it goes.",
                "A closed window fires when the share of features meeting --on (default: drift verdict) reaches",
                "--min-drift-share in --consecutive windows in a row, unless a trigger fired within --cooldown.",
                "The webhook gets a JSON POST signed with X-Mlctl-Signature: sha256=<HMAC-SHA256(secret, body)>.",
                "Options left out keep their current value."},
        footer = {"", "Example:",
                "  mlctl retrain set-policy fraud --webhook https://ci.example/hooks/retrain --secret \"$SECRET\" \\",
                "      --on 'psi>=0.25' --min-drift-share 0.5 --consecutive 2 --cooldown 6h",
                "  mlctl retrain set-policy fraud --webhook https://ci.example/hooks/retrain --on 'roc_auc<0.85' \\",
                "      --min-labels 500"})
public final class SetPolicyCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--webhook", paramLabel = "URL", description = "Where triggers are POSTed.")
    String webhook;
    @Option(names = "--secret", paramLabel = "SECRET", description = "HMAC key of the signature (or --secret-file).")
    String secret;
    @Option(names = "--secret-file", paramLabel = "FILE", description = "Read the secret from a file.")
    Path secretFile;
    @Option(names = "--on", paramLabel = "CONDITION",
            description = {"Feature condition, e.g. 'psi>=0.25' or 'ks>0.2,kl>=0.1' (any of them), and/or a quality",
                    "condition on a window's realized metrics, e.g. 'roc_auc<0.85' (checked as labels arrive)."})
    String on;
    @Option(names = "--min-drift-share", paramLabel = "SHARE", description = "Share of features that must meet it (default 0.5).")
    Double minDriftShare;
    @Option(names = "--consecutive", paramLabel = "N", description = "Windows in a row (default 1).")
    Integer consecutive;
    @Option(names = "--min-labels", paramLabel = "N",
            description = "Labelled predictions a window needs before a quality condition may fire (default 100).")
    Integer minLabels;
    @Option(names = "--cooldown", paramLabel = "DURATION", description = "Quiet time after a trigger (default 1h).")
    String cooldown;
    @Option(names = "--job-template", paramLabel = "FILE",
            description = "A batch/v1 Job (YAML) created per trigger when the control plane runs in Kubernetes.")
    Path jobTemplate;
    @Option(names = "--job-namespace", paramLabel = "NS", description = "Namespace of the Jobs.")
    String jobNamespace;
    @Option(names = "--auto-rollout", paramLabel = "FILE",
            description = "A ModelRollout (YAML) created for the version a retrain registers (autoRollout).")
    Path rolloutTemplate;
    @Option(names = "--rollout-namespace", paramLabel = "NS", description = "Namespace of the ModelRollouts.")
    String rolloutNamespace;
    @Option(names = "--enabled", paramLabel = "true|false", description = "Turn the policy on or off.")
    Boolean enabled;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, "webhook", webhook);
        put(body, "secret", secretFile != null ? read(secretFile).trim() : secret);
        put(body, "on", on);
        put(body, "minDriftShare", minDriftShare);
        put(body, "consecutive", consecutive);
        put(body, "minLabels", minLabels);
        put(body, "cooldown", cooldown);
        put(body, "jobTemplate", jobTemplate == null ? null : read(jobTemplate));
        put(body, "jobNamespace", jobNamespace);
        put(body, "rolloutTemplate", rolloutTemplate == null ? null : read(rolloutTemplate));
        put(body, "rolloutNamespace", rolloutNamespace);
        put(body, "enabled", enabled);
        new Printer(spec.commandLine().getOut(), output.output).object(
                server.client().put(ApiPaths.retrainPolicy(model), body));
        return 0;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
