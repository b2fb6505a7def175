package io.mlctl.cli.rollout;

import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mlctl rollout list}: the rollouts of a namespace (or all), newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List rollouts with their phase, step and weights.")
public final class ListCommand extends KubeCommand {
    @Option(names = {"-A", "--all-namespaces"}, description = "Rollouts of every namespace.")
    boolean all;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model's rollouts.")
    String model;

    @Override
    public Integer call() {
        try (Rollouts rollouts = new Rollouts(kube)) {
            List<ModelRollout> items = new ArrayList<>(rollouts.call(() -> all
                    ? rollouts.api().inAnyNamespace().list().getItems()
                    : rollouts.api().inNamespace(rollouts.namespace()).list().getItems()));
            items.removeIf(r -> model != null && (r.getSpec() == null || !model.equals(r.getSpec().model())));
            items.sort(Comparator.comparing((ModelRollout r) -> String.valueOf(r.getMetadata().getCreationTimestamp())).reversed());
            if (output.output != OutputFormat.table) {
                List<Object> raw = new ArrayList<>();
                for (ModelRollout r : items) {
                    raw.add(r);
                }
                RolloutOutput.print(rollouts.client(), raw, out(), output.output);
                return 0;
            }
            RolloutView view = new RolloutView(Clock.systemUTC());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModelRollout r : items) {
                ModelRolloutStatus s = r.getStatus() == null ? new ModelRolloutStatus() : r.getStatus();
                Map<String, Object> row = new LinkedHashMap<>();
                if (all) {
                    row.put("namespace", r.getMetadata().getNamespace());
                }
                row.put("name", r.getMetadata().getName());
                row.put("model", r.getSpec().model());
                row.put("baseline", r.getSpec().baseline());
                row.put("candidate", r.getSpec().candidate());
                row.put("strategy", r.getSpec().strategy() == null || r.getSpec().strategy().kind() == null ? ""
                        : r.getSpec().strategy().kind().cliName());
                row.put("phase", s.getPhase() == null ? "" : s.getPhase().wire());
                row.put("step", s.getStep() == null || r.getSpec().strategy().canary() == null ? ""
                        : (s.getStep() + 1) + "/" + r.getSpec().strategy().canary().steps().size());
                row.put("weight", s.getWeights() == null ? "" : s.getWeights().candidate() + "%");
                row.put("age", s.getStartedAt() == null ? "" : view.ago(s.getStartedAt()));
                rows.add(row);
            }
            new Printer(out(), OutputFormat.table).list(rows, null);
        }
        return 0;
    }
}
