package io.mlctl.controlplane.mlflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.Lineage;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ModelUpdateRequest;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.api.registry.VersionUpdateRequest;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.model.AliasService;
import io.mlctl.registry.model.ModelService;
import io.mlctl.registry.model.SearchCondition;
import io.mlctl.registry.model.VersionService;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static io.mlctl.controlplane.mlflow.MlflowPaths.AJAX;
import static io.mlctl.controlplane.mlflow.MlflowPaths.API;

/**
 * MLflow's model-registry REST API ({@code mlflow/protos/model_registry.proto}) over mlctl's registry: the same
 * services, tables, aliases (with their history) and audit log as {@code /api/v1}, so an MLflow client and the mlctl
 * CLI see one registry. Served under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/}. What maps to what,
 * and what is not served, is in docs/MLFLOW.md.
 */
@Controller
@Hidden
@Secured(Roles.VIEWER)
public class MlflowRegistryController {
    /** A tag that chooses the mlctl runtime of a version registered through MLflow (it is not kept as a tag). */
    static final String RUNTIME_TAG = "mlctl.runtime";
    static final int MODELS_MAX_RESULTS_DEFAULT = 100;
    static final int MODELS_MAX_RESULTS = 1000;
    static final int VERSIONS_MAX_RESULTS_DEFAULT = 10_000;
    static final int VERSIONS_MAX_RESULTS = 200_000;

    private final ModelService models;
    private final VersionService versions;
    private final AliasService aliases;
    private final JsonMapper json;

    public MlflowRegistryController(ModelService models, VersionService versions, AliasService aliases, JsonMapper json) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.json = json;
    }

    // ---- registered models ----

    @Post(uris = {API + "/registered-models/create", AJAX + "/registered-models/create"})
    @Secured(Roles.EDITOR)
    public MlflowJson.ModelResponse createModel(HttpRequest<?> http, @Nullable @Body String body,
                                                @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        Map<String, String> tags = r.tags();
        String description = limit("description", r.optional("description"), 4000);
        return call(() -> {
            try {
                RegisteredModel m = models.create(new ModelCreateRequest(name, description, null, tags), Actors.of(auth));
                return new MlflowJson.ModelResponse(MlflowJson.model(m, List.of()));
            } catch (ProblemException e) {
                if (e.status() == 409) {
                    throw MlflowException.alreadyExists("Registered Model (name=" + name + ") already exists.");
                }
                throw e;
            }
        });
    }

    @Get(uris = {API + "/registered-models/get", AJAX + "/registered-models/get"})
    public MlflowJson.ModelResponse getModel(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        String name = modelName(r.required("name"));
        return call(() -> new MlflowJson.ModelResponse(model(models.get(name))));
    }

    @Get(uris = {API + "/registered-models/search", AJAX + "/registered-models/search"})
    public MlflowJson.ModelsPage searchModels(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        List<SearchCondition> where = MlflowSearch.filter(r.optional("filter"), MlflowSearch.MODEL_FIELDS);
        List<SearchCondition.Order> order = MlflowSearch.orderBy(r.list("order_by"), MlflowSearch.MODEL_ORDER);
        int max = maxResults(r, MODELS_MAX_RESULTS_DEFAULT, MODELS_MAX_RESULTS);
        long offset = PageToken.offset(r.optional("page_token"));
        return call(() -> page(models.find(where, order, max + 1, offset), max, offset, this::model,
                MlflowJson.ModelsPage::new));
    }

    @Post(uris = {API + "/registered-models/rename", AJAX + "/registered-models/rename"})
    @Secured(Roles.EDITOR)
    public MlflowJson.ModelResponse renameModel(HttpRequest<?> http, @Nullable @Body String body,
                                                @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String newName = modelName(r.required("new_name"));
        return call(() -> {
            if (!name.equals(newName) && exists(newName)) {
                throw MlflowException.alreadyExists("Registered Model (name=" + newName + ") already exists.");
            }
            return new MlflowJson.ModelResponse(model(models.rename(name, newName, Actors.of(auth))));
        });
    }

    @Patch(uris = {API + "/registered-models/update", AJAX + "/registered-models/update"})
    @Secured(Roles.EDITOR)
    public MlflowJson.ModelResponse updateModel(HttpRequest<?> http, @Nullable @Body String body,
                                                @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        // MLflow: an absent description leaves it; an empty one clears it
        String description = limit("description", r.optional("description"), 4000);
        return call(() -> new MlflowJson.ModelResponse(model(models.update(name,
                new ModelUpdateRequest(description, null, null), Actors.of(auth)))));
    }

    @Delete(uris = {API + "/registered-models/delete", AJAX + "/registered-models/delete"})
    @Secured(Roles.ADMIN)
    public MlflowJson.Empty deleteModel(HttpRequest<?> http, @Nullable @Body String body,
                                        @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        return call(() -> {
            // as in mlctl: a model whose aliases still point somewhere is not deleted by accident
            models.delete(name, false, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Post(uris = {API + "/registered-models/set-tag", AJAX + "/registered-models/set-tag"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty setModelTag(HttpRequest<?> http, @Nullable @Body String body,
                                        @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String key = r.required("key");
        String value = value(r);
        return call(() -> {
            models.setTag(name, key, value, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Delete(uris = {API + "/registered-models/delete-tag", AJAX + "/registered-models/delete-tag"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty deleteModelTag(HttpRequest<?> http, @Nullable @Body String body,
                                           @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String key = r.required("key");
        return call(() -> {
            models.deleteTag(name, key, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    // ---- aliases ----

    @Post(uris = {API + "/registered-models/alias", AJAX + "/registered-models/alias"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty setAlias(HttpRequest<?> http, @Nullable @Body String body,
                                     @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String alias = alias(r.required("alias"));
        int version = versionNumber(r.required("version"));
        return call(() -> {
            aliases.set(name, alias, new AliasSetRequest(version, null), Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Delete(uris = {API + "/registered-models/alias", AJAX + "/registered-models/alias"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty deleteAlias(HttpRequest<?> http, @Nullable @Body String body,
                                        @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String alias = alias(r.required("alias"));
        return call(() -> {
            aliases.delete(name, alias, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Get(uris = {API + "/registered-models/alias", AJAX + "/registered-models/alias"})
    public MlflowJson.VersionResponse getByAlias(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        String name = modelName(r.required("name"));
        String alias = alias(r.required("alias"));
        return call(() -> new MlflowJson.VersionResponse(MlflowJson.version(
                versions.resolve("models:/" + name + "@" + alias))));
    }

    /**
     * Per requested stage (all four when none is given), the newest version in it: "None" is the newest READY
     * version, "Archived" the newest ARCHIVED one; "Staging" and "Production" are always empty (aliases replace them).
     */
    @Get(uris = {API + "/registered-models/get-latest-versions", AJAX + "/registered-models/get-latest-versions"})
    public MlflowJson.Versions latestVersionsGet(HttpRequest<?> http) {
        return latestVersions(MlflowRequest.of(http, null, json));
    }

    @Post(uris = {API + "/registered-models/get-latest-versions", AJAX + "/registered-models/get-latest-versions"})
    public MlflowJson.Versions latestVersionsPost(HttpRequest<?> http, @Nullable @Body String body) {
        return latestVersions(MlflowRequest.of(http, body, json));
    }

    private MlflowJson.Versions latestVersions(MlflowRequest r) {
        String name = modelName(r.required("name"));
        List<String> stages = new ArrayList<>();
        for (String s : r.list("stages")) {
            stages.add(MlflowJson.STAGES.stream().filter(st -> st.equalsIgnoreCase(s)).findFirst()
                    .orElseThrow(() -> MlflowException.invalid("Invalid Model Version stage: " + s
                            + ". Value must be one of " + String.join(", ", MlflowJson.STAGES) + ".")));
        }
        return call(() -> {
            models.get(name);
            return new MlflowJson.Versions(latest(name, stages.isEmpty() ? MlflowJson.STAGES : stages).stream()
                    .map(MlflowJson::version).toList());
        });
    }

    // ---- model versions ----

    @Post(uris = {API + "/model-versions/create", AJAX + "/model-versions/create"})
    @Secured(Roles.EDITOR)
    public MlflowJson.VersionResponse createVersion(HttpRequest<?> http, @Nullable @Body String body,
                                                    @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        String source = limit("source", r.required("source").trim(), 2000);
        String runId = blankToNull(limit("run_id", r.optional("run_id"), 200));
        String runLink = blankToNull(limit("run_link", r.optional("run_link"), 2000));
        String description = limit("description", r.optional("description"), 4000);
        Map<String, String> tags = new LinkedHashMap<>(r.tags());
        ModelRuntime runtime = runtime(tags.remove(RUNTIME_TAG));
        Lineage lineage = runId == null && runLink == null ? null
                : new Lineage(runId, null, null, null, null, runLink);
        return call(() -> new MlflowJson.VersionResponse(MlflowJson.version(versions.register(name,
                new VersionCreateRequest(source, runtime, null, null, null, lineage, tags, description,
                        VersionStatus.READY), Actors.of(auth)))));
    }

    @Get(uris = {API + "/model-versions/get", AJAX + "/model-versions/get"})
    public MlflowJson.VersionResponse getVersion(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        return call(() -> new MlflowJson.VersionResponse(MlflowJson.version(versions.get(name, version))));
    }

    @Get(uris = {API + "/model-versions/search", AJAX + "/model-versions/search"})
    public MlflowJson.VersionsPage searchVersions(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        List<SearchCondition> where = MlflowSearch.filter(r.optional("filter"), MlflowSearch.VERSION_FIELDS);
        List<SearchCondition.Order> order = MlflowSearch.orderBy(r.list("order_by"), MlflowSearch.VERSION_ORDER);
        int max = maxResults(r, VERSIONS_MAX_RESULTS_DEFAULT, VERSIONS_MAX_RESULTS);
        long offset = PageToken.offset(r.optional("page_token"));
        return call(() -> page(versions.find(where, order, max + 1, offset), max, offset, MlflowJson::version,
                MlflowJson.VersionsPage::new));
    }

    @Patch(uris = {API + "/model-versions/update", AJAX + "/model-versions/update"})
    @Secured(Roles.EDITOR)
    public MlflowJson.VersionResponse updateVersion(HttpRequest<?> http, @Nullable @Body String body,
                                                    @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        String description = limit("description", r.optional("description"), 4000);
        return call(() -> new MlflowJson.VersionResponse(MlflowJson.version(versions.update(name, version,
                new VersionUpdateRequest(description, null, null, null), Actors.of(auth)))));
    }

    @Delete(uris = {API + "/model-versions/delete", AJAX + "/model-versions/delete"})
    @Secured(Roles.ADMIN)
    public MlflowJson.Empty deleteVersion(HttpRequest<?> http, @Nullable @Body String body,
                                          @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        return call(() -> {
            versions.delete(name, version, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Post(uris = {API + "/model-versions/set-tag", AJAX + "/model-versions/set-tag"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty setVersionTag(HttpRequest<?> http, @Nullable @Body String body,
                                          @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        String key = r.required("key");
        String value = value(r);
        return call(() -> {
            versions.setTag(name, version, key, value, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Delete(uris = {API + "/model-versions/delete-tag", AJAX + "/model-versions/delete-tag"})
    @Secured(Roles.EDITOR)
    public MlflowJson.Empty deleteVersionTag(HttpRequest<?> http, @Nullable @Body String body,
                                             @Nullable Authentication auth) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        String key = r.required("key");
        return call(() -> {
            versions.deleteTag(name, version, key, Actors.of(auth));
            return new MlflowJson.Empty();
        });
    }

    @Get(uris = {API + "/model-versions/get-download-uri", AJAX + "/model-versions/get-download-uri"})
    public MlflowJson.DownloadUri downloadUri(HttpRequest<?> http) {
        MlflowRequest r = MlflowRequest.of(http, null, json);
        String name = modelName(r.required("name"));
        int version = versionNumber(r.required("version"));
        // mlctl stores no artifacts: the version's source is where they are, and clients fetch them from there
        return call(() -> new MlflowJson.DownloadUri(versions.get(name, version).artifactUri()));
    }

    /** Stages are deprecated in MLflow (2.9+) and mlctl has aliases instead: refused with a pointer to them. */
    @Post(uris = {API + "/model-versions/transition-stage", AJAX + "/model-versions/transition-stage"})
    @Secured(Roles.EDITOR)
    public MlflowJson.VersionResponse transitionStage(HttpRequest<?> http, @Nullable @Body String body) {
        MlflowRequest r = MlflowRequest.of(http, body, json);
        String name = r.optional("name");
        String stage = r.optional("stage");
        String model = name == null ? "<model>" : name;
        throw MlflowException.invalid("model version stages are not supported by mlctl (MLflow deprecated them in "
                + "2.9): use an alias instead, e.g. MlflowClient().set_registered_model_alias(\"" + model + "\", \""
                + (stage == null || stage.isBlank() ? "production" : stage.toLowerCase(Locale.ROOT)) + "\", "
                + "version) and load \"models:/" + model + "@" + (stage == null || stage.isBlank() ? "production"
                : stage.toLowerCase(Locale.ROOT)) + "\"; to retire a version, set its status to ARCHIVED with "
                + "'mlctl versions update' (it then shows as stage Archived)");
    }

    // ---- helpers ----

    private MlflowJson.Model model(RegisteredModel m) {
        return MlflowJson.model(m, latest(m.name(), MlflowJson.STAGES));
    }

    private List<ModelVersion> latest(String name, List<String> stages) {
        List<ModelVersion> out = new ArrayList<>();
        for (String stage : stages) {
            if (stage.equals(MlflowJson.STAGE_NONE)) {
                versions.newest(name, VersionStatus.READY).ifPresent(out::add);
            } else if (stage.equals(MlflowJson.STAGE_ARCHIVED)) {
                versions.newest(name, VersionStatus.ARCHIVED).ifPresent(out::add);
            }
        }
        return out;
    }

    private boolean exists(String name) {
        try {
            models.get(name);
            return true;
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Runs a registry call; its refusals become MLflow errors. */
    private static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            throw MlflowException.of(e);
        }
    }

    static String modelName(String name) {
        if (!Names.isModelName(name)) {
            throw MlflowException.invalid("Invalid model name '" + name + "': " + ModelService.NAME_RULE
                    + ", e.g. 'fraud-detector'");
        }
        return name;
    }

    private static String alias(String alias) {
        if (!Names.isAlias(alias)) {
            throw MlflowException.invalid("Invalid alias '" + alias + "': aliases are lowercase DNS labels that "
                    + "start with a letter (" + Names.ALIAS + ", at most 63) and are not 'latest'");
        }
        return alias;
    }

    private static int versionNumber(String version) {
        if (!version.trim().matches("[1-9][0-9]{0,8}")) {
            throw MlflowException.invalid("Invalid model version '" + version + "': versions are positive integers");
        }
        return Integer.parseInt(version.trim());
    }

    private static String value(MlflowRequest r) {
        String value = r.optional("value");
        if (value == null) {
            throw MlflowException.invalid("Missing value for required parameter 'value'.");
        }
        return value;
    }

    /**
     * One page of a search that fetched one row more than {@code max}: that extra row tells whether a next page
     * exists, and its token is the offset after this page.
     */
    private static <T, J, P> P page(List<T> found, int max, long offset, java.util.function.Function<T, J> toJson,
                                    java.util.function.BiFunction<List<J>, String, P> pageOf) {
        List<J> items = found.stream().limit(max).map(toJson).toList();
        return pageOf.apply(items, found.size() > max ? PageToken.of(offset + max) : null);
    }

    private static int maxResults(MlflowRequest r, int defaultValue, int max) {
        long n = r.number("max_results", defaultValue);
        if (n < 1 || n > max) {
            throw MlflowException.invalid("Invalid value " + n + " for parameter 'max_results': it must be between "
                    + "1 and " + max);
        }
        return (int) n;
    }

    private static ModelRuntime runtime(@Nullable String tag) {
        if (tag == null || tag.isBlank()) {
            return ModelRuntime.custom;
        }
        try {
            return ModelRuntime.valueOf(tag.trim());
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid tag '" + RUNTIME_TAG + "' = '" + tag + "': one of triton, vllm, "
                    + "torchserve, custom");
        }
    }

    private static String limit(String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            throw MlflowException.invalid("Invalid value for parameter '" + field + "': at most " + max + " characters");
        }
        return value;
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
