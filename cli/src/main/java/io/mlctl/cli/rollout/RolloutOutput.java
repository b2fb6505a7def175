package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;

import java.io.IOException;
import java.io.PrintWriter;

/** Prints Kubernetes objects as JSON or YAML in the shape {@code kubectl get -o json|yaml} shows them. */
final class RolloutOutput {
    private RolloutOutput() {
    }

    static void print(KubernetesClient client, Object resource, PrintWriter out, OutputFormat format) {
        try {
            new Printer(out, format).object(Printer.JSON.readTree(client.getKubernetesSerialization().asJson(resource)));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot print: " + e.getMessage(), e);
        }
    }
}
