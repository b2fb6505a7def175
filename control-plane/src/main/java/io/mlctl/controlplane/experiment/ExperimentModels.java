package io.mlctl.controlplane.experiment;

import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.registry.model.ModelRepository;
import io.mlctl.registry.model.ModelUri;
import io.mlctl.registry.model.VersionService;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Ties an experiment to the model registry when it is created: the model must be registered (404) and every arm's
 * version must exist in it (422 naming each arm at fault). An arm names its version as a number, {@code @alias},
 * {@code latest} or a {@code models:/} URI of the same model, resolved by the registry's own resolver (the one behind
 * {@code /api/v1/resolve}); the number is what gets stored, so the arms keep serving the versions the experiment was
 * sized for when an alias moves later.
 */
@Singleton
class ExperimentModels {
    private static final Set<VersionStatus> UNSERVABLE = Set.of(VersionStatus.FAILED, VersionStatus.ARCHIVED);

    private final ModelRepository models;
    private final VersionService versions;

    ExperimentModels(ModelRepository models, VersionService versions) {
        this.models = models;
        this.versions = versions;
    }

    /**
     * The arms with their versions resolved to numbers (an arm without a version stays so). Locks the model's row
     * for the caller's transaction, so a concurrent delete of the model waits for the experiment and then sees it.
     */
    List<ArmSpec> bind(String model, List<ArmSpec> arms) {
        models.lockByName(model).orElseThrow(() -> ProblemException.notFound("model '" + model
                + "' does not exist; register it and its versions before creating an experiment on it").with("model", model));
        List<ProblemError> errors = new ArrayList<>();
        List<ArmSpec> bound = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            ArmSpec arm = arms.get(i);
            if (arm.version() == null) {
                bound.add(arm);
                continue;
            }
            String field = "arms[" + i + "].version";
            String prefix = "arm '" + arm.name() + "' version '" + arm.version() + "': ";
            String uri = uri(model, arm.version());
            String other = otherModel(model, arm.version());
            if (other != null) {
                errors.add(ProblemError.field(field, prefix + "names model '" + other + "', not the experiment's model '"
                        + model + "'"));
                continue;
            }
            if (uri == null) {
                errors.add(ProblemError.field(field, prefix + "expected a version number, @ALIAS, latest, or models:/"
                        + model + "/VERSION or models:/" + model + "@ALIAS"));
                continue;
            }
            try {
                ModelVersion v = versions.resolve(uri);
                if (UNSERVABLE.contains(v.status())) {
                    errors.add(ProblemError.field(field, prefix + "version " + v.version() + " of '" + model + "' is "
                            + v.status() + " and cannot be served"));
                } else {
                    bound.add(new ArmSpec(arm.name(), Integer.toString(v.version()), arm.weight()));
                }
            } catch (ProblemException e) {
                errors.add(ProblemError.field(field, prefix + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable(errors.size() == 1 ? errors.get(0).reason()
                    : errors.size() + " arms name versions that model '" + model + "' cannot serve: " + errors.get(0).reason()
                    + "; ...", errors);
        }
        return bound;
    }

    private static String otherModel(String model, String version) {
        String uri = version.startsWith(ModelUri.SCHEME) ? version : null;
        try {
            String named = uri == null ? null : ModelUri.parse(uri).model();
            return named == null || named.equals(model) ? null : named;
        } catch (ProblemException e) {
            return null;
        }
    }

    /** The {@code models:/} URI an arm's version stands for, or null when it is none of the accepted forms. */
    static String uri(String model, String version) {
        if (version.matches("[1-9][0-9]{0,8}")) {
            return ModelUri.SCHEME + model + "/" + version;
        }
        if (version.startsWith("@") && Names.isAlias(version.substring(1))) {
            return ModelUri.SCHEME + model + version;
        }
        if (version.equals(Names.LATEST)) {
            return ModelUri.SCHEME + model + "/" + Names.LATEST;
        }
        if (version.startsWith(ModelUri.SCHEME)) {
            try {
                return ModelUri.parse(version).model().equals(model) ? version : null;
            } catch (ProblemException e) {
                return null;
            }
        }
        return null;
    }
}
