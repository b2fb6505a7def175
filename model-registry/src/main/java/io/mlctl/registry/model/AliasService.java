package io.mlctl.registry.model;

import io.micronaut.transaction.annotation.Transactional;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Alias;
import io.mlctl.api.registry.AliasChange;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.db.Now;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aliases: each points at one READY version. A move is one transaction under the model's row lock (the alias, its
 * history row and the audit entry change together), so concurrent moves are applied one after the other and the
 * history shows every one; with {@code expectedVersion} a move is a compare-and-set and only one of two racing
 * promotions wins.
 */
@Singleton
public class AliasService {
    private final ModelRepository models;
    private final VersionService versions;
    private final AliasStore aliases;
    private final AuditLog audit;

    public AliasService(ModelRepository models, VersionService versions, AliasStore aliases, AuditLog audit) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.audit = audit;
    }

    @Transactional
    public Alias set(String model, String alias, AliasSetRequest r, String actor) {
        checkName(alias);
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        VersionEntity target = versions.require(m, r.version());
        Optional<AliasStore.Row> current = aliases.get(m.id(), alias);
        Integer from = current.map(AliasStore.Row::version).orElse(null);
        if (r.expectedVersion() != null && !r.expectedVersion().equals(from == null ? 0 : from)) {
            throw ProblemException.conflict("alias '" + alias + "' of '" + model + "' points at "
                    + (from == null ? "nothing" : "version " + from) + ", not "
                    + (r.expectedVersion() == 0 ? "nothing" : "version " + r.expectedVersion())
                    + "; someone else moved it").with("currentVersion", from == null ? 0 : from);
        }
        if (target.status() != VersionStatus.READY) {
            throw ProblemException.conflict("version " + r.version() + " of '" + model + "' is " + target.status()
                    + "; only READY versions can carry an alias");
        }
        if (from != null && from.equals(r.version())) {
            return view(model, current.get());
        }
        Instant now = Now.micros();
        aliases.put(m.id(), alias, r.version(), now, actor, current.isPresent());
        aliases.recordMove(m.id(), alias, from, r.version(), now, actor);
        Alias after = new Alias(model, alias, r.version(), uri(model, alias), now, actor);
        audit.record(actor, "alias.set", target(model, alias), current.map(c -> view(model, c)).orElse(null), after);
        return after;
    }

    @Transactional(readOnly = true)
    public Alias get(String model, String alias) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        return view(model, aliases.get(m.id(), alias).orElseThrow(() -> notFound(model, alias)));
    }

    @Transactional(readOnly = true)
    public List<Alias> list(String model) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        return aliases.ofModel(m.id()).stream().map(a -> view(model, a)).toList();
    }

    @Transactional
    public Alias delete(String model, String alias, String actor) {
        ModelEntity m = models.lockByName(model).orElseThrow(() -> ModelService.notFound(model));
        AliasStore.Row current = aliases.get(m.id(), alias).orElseThrow(() -> notFound(model, alias));
        Instant now = Now.micros();
        aliases.delete(m.id(), alias);
        aliases.recordMove(m.id(), alias, current.version(), null, now, actor);
        Alias before = view(model, current);
        audit.record(actor, "alias.delete", target(model, alias), before, null);
        return before;
    }

    /** Every move of the alias, oldest first (also after it was removed). */
    @Transactional(readOnly = true)
    public Page<AliasChange> history(String model, String alias, int page, int size) {
        ModelEntity m = models.findByName(model).orElseThrow(() -> ModelService.notFound(model));
        long total = aliases.historySize(m.id(), alias);
        if (total == 0) {
            throw ProblemException.notFound("alias '" + alias + "' of model '" + model + "' has no history");
        }
        return new Page<>(aliases.history(m.id(), model, alias, size, (long) page * size), page, size, total);
    }

    static ProblemException notFound(String model, String alias) {
        return ProblemException.notFound("model '" + model + "' has no alias '" + alias + "'");
    }

    private static void checkName(String alias) {
        if (!Names.isAlias(alias)) {
            throw ProblemException.badRequest("alias '" + alias + "' is invalid: aliases are lowercase DNS labels "
                    + "that start with a letter (" + Names.ALIAS + ", at most 63) and are not 'latest'");
        }
    }

    private static Alias view(String model, AliasStore.Row a) {
        return new Alias(model, a.alias(), a.version(), uri(model, a.alias()), a.updatedAt(), a.updatedBy());
    }

    private static String uri(String model, String alias) {
        return "models:/" + model + "@" + alias;
    }

    private static String target(String model, String alias) {
        return ModelService.target(model) + "/aliases/" + alias;
    }

}
