package io.mlctl.controlplane.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.mlctl.api.security.CreatedToken;
import io.mlctl.api.security.Role;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/**
 * Makes sure someone can administer a new installation: registers {@code MLCTL_ADMIN_TOKEN} when given, otherwise
 * generates an admin token when none is active and prints it once (only its hash is kept).
 */
@Singleton
public final class AdminTokenBootstrap implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final TokenService tokens;
    private final String configured;
    private final PrintStream out = System.out;

    public AdminTokenBootstrap(TokenService tokens, @Value("${mlctl.security.admin-token:}") String configured) {
        this.tokens = tokens;
        this.configured = configured == null ? "" : configured.trim();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!configured.isEmpty()) {
            tokens.ensure(configured, "admin (MLCTL_ADMIN_TOKEN)", Role.admin, Actors.SYSTEM)
                    .ifPresent(t -> LOG.info("registered MLCTL_ADMIN_TOKEN as admin token #{}", t.id()));
            if (tokens.authenticate(configured).isEmpty()) {
                LOG.warn("MLCTL_ADMIN_TOKEN has been revoked; it stays revoked");
            }
            return;
        }
        if (tokens.hasActiveAdmin()) {
            return;
        }
        CreatedToken t = tokens.create("admin (generated)", Role.admin, "generated on first start", Actors.SYSTEM);
        out.println();
        out.println("==================================================================================");
        out.println(" mlctl: first start, generated an admin token. It is shown only this once:");
        out.println();
        out.println("   export MLCTL_TOKEN=" + t.token());
        out.println();
        out.println(" Create tokens for people and CI with 'mlctl tokens create --name NAME --role ROLE'.");
        out.println("==================================================================================");
        out.println();
        out.flush();
    }
}
