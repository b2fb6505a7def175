package io.mlctl.controlplane.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.mlctl.api.security.Role;
import io.mlctl.controlplane.db.Jdbc;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Registers {@code MLCTL_INGEST_TOKEN} (when set) as an ingest token for every model: the secret the chart hands to
 * the operator's logger sidecars. Only its hash is stored. Idempotent across restarts and replicas: a known secret
 * is left as it is (a revoked one stays revoked), and when several replicas start at once the unique hash lets one
 * insert win and the others find it.
 */
@Singleton
public final class IngestTokenBootstrap implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestTokenBootstrap.class);
    static final String NAME = "ingest (MLCTL_INGEST_TOKEN)";

    private final TokenService tokens;
    private final String configured;

    public IngestTokenBootstrap(TokenService tokens, @Value("${mlctl.security.ingest-token:}") String configured) {
        this.tokens = tokens;
        this.configured = configured == null ? "" : configured.trim();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (configured.isEmpty()) {
            return;
        }
        Optional<TokenEntity> added;
        try {
            added = tokens.ensure(configured, NAME, Role.ingest, Actors.SYSTEM);
        } catch (RuntimeException e) {
            if (!Jdbc.uniqueViolation(e, null)) {
                throw e;
            }
            // another replica registered the same secret in the same instant
            added = Optional.empty();
        }
        added.ifPresent(t -> LOG.info("registered MLCTL_INGEST_TOKEN as ingest token #{}", t.id()));
        Optional<TokenEntity> active = tokens.authenticate(configured);
        if (active.isEmpty()) {
            LOG.warn("MLCTL_INGEST_TOKEN has been revoked; it stays revoked (logger sidecars using it get 401)");
        } else if (active.get().role() != Role.ingest) {
            LOG.warn("MLCTL_INGEST_TOKEN is already registered as token #{} with role {}; use a secret of its own for "
                    + "the sidecars", active.get().id(), active.get().role());
        }
    }
}
