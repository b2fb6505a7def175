package io.mlctl.cli.registry;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.api.registry.Gpu;
import io.mlctl.api.registry.Lineage;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ServingDefaults;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.api.registry.VersionUpdateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;
import static io.mlctl.cli.support.ApiClient.seg;

/** {@code mlctl versions ...}: versions of a model. */
@Command(name = "versions", mixinStandardHelpOptions = true, description = "Register, list, show and update model versions.",
        subcommands = {VersionsCommand.Register.class, VersionsCommand.ListVersions.class, VersionsCommand.Get.class,
                VersionsCommand.Update.class})
public final class VersionsCommand {

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register the model's next version (the server assigns its number).",
            footer = {"", "Example:",
                    "  mlctl versions register fraud --artifact s3://m/fraud/7 --runtime triton --schema fraud-features@3 \\",
                    "      --image nvcr.io/nvidia/tritonserver:24.08-py3 --gpu-count 1 --metric auc=0.93 --run-id r-1842"})
    static final class Register extends ApiCommand {
        @Parameters(paramLabel = "MODEL")
        String model;
        @Option(names = "--artifact", required = true, paramLabel = "URI", description = "Where the model artifact is (s3://, gs://, hf://...).")
        String artifact;
        @Option(names = "--runtime", required = true, paramLabel = "RUNTIME", description = "${COMPLETION-CANDIDATES}.")
        ModelRuntime runtime;
        @Option(names = "--schema", paramLabel = "NAME[@N]", description = "Feature schema (NAME alone: its newest version).")
        String schema;
        @Option(names = "--image", paramLabel = "IMAGE", description = "Serving image.")
        String image;
        @Option(names = "--port", paramLabel = "PORT", description = "Serving port.")
        Integer port;
        @Option(names = "--gpu-count", paramLabel = "N", description = "GPUs per replica.")
        Integer gpuCount;
        @Option(names = "--gpu-product", paramLabel = "PRODUCT", description = "GPU product, e.g. NVIDIA-A100-SXM4-40GB.")
        String gpuProduct;
        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "Offline metric (repeatable).")
        Map<String, Double> metrics;
        @Option(names = "--run-id", paramLabel = "ID")
        String runId;
        @Option(names = "--dataset", paramLabel = "URI")
        String dataset;
        @Option(names = "--git-commit", paramLabel = "SHA")
        String gitCommit;
        @Option(names = "--parent-version", paramLabel = "N")
        Integer parent;
        @Option(names = "--triggered-by", paramLabel = "TRIGGER", description = "The retrain trigger that produced it.")
        String triggeredBy;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag (repeatable).")
        Map<String, String> tags;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES} (default READY).")
        VersionStatus status;

        @Override
        public Integer call() {
            ServingDefaults serving = image == null && port == null && gpuCount == null && gpuProduct == null ? null
                    : new ServingDefaults(image, port, gpuCount == null && gpuProduct == null ? null
                    : new Gpu(gpuCount == null ? 1 : gpuCount, gpuProduct));
            Lineage lineage = runId == null && dataset == null && gitCommit == null && parent == null && triggeredBy == null
                    ? null : new Lineage(runId, dataset, gitCommit, parent, triggeredBy, null);
            printer().object(server.client().post(ApiPaths.versions(model),
                    new VersionCreateRequest(artifact, runtime, serving, schema, metrics, lineage, tags, description, status)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a model's versions, newest first.")
    static final class ListVersions extends ApiCommand {
        @Parameters(paramLabel = "MODEL")
        String model;
        @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
        VersionStatus status;
        @Option(names = "--runtime", paramLabel = "RUNTIME", description = "${COMPLETION-CANDIDATES}.")
        ModelRuntime runtime;
        @Option(names = "--tag", paramLabel = "KEY[=VALUE]", description = "Has the tag (with that value); repeatable.")
        List<String> tags;
        @picocli.CommandLine.Mixin
        PageOptions paging;

        @Override
        public Integer call() {
            var page = server.client().get(query(ApiPaths.versions(model), params("status", status,
                    "runtime", runtime, "page", paging.page, "size", paging.size)) + ModelsCommand.tagParams(tags));
            Lists.print(spec.commandLine().getOut(), output.output, page,
                    List.of("version", "status", "runtime", "artifactUri", "schema", "aliases", "createdAt"));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one version.")
    static final class Get extends ApiCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Override
        public Integer call() {
            printer().object(server.client().get(ApiPaths.version(model, version)));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Change a version's description, status, tags (replaced) or metrics (merged).",
                    "Artifact, runtime, schema and lineage are fixed: register a new version instead."},
            footer = {"", "Example: mlctl versions update fraud 6 --status ARCHIVED"})
    static final class Update extends ApiCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}.")
        VersionStatus status;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "The new tags (repeatable).")
        Map<String, String> tags;
        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "Metric to add or overwrite (repeatable).")
        Map<String, Double> metrics;

        @Override
        public Integer call() {
            printer().object(server.client().patch(ApiPaths.version(model, version),
                    new VersionUpdateRequest(description, tags, status, metrics)));
            return 0;
        }
    }
}
