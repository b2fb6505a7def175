package io.mlctl.controlplane.security;

import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Names;
import io.mlctl.api.security.CreatedToken;
import io.mlctl.api.security.Role;
import io.mlctl.api.security.TokenInfo;
import io.mlctl.registry.audit.AuditLog;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, checks and revokes bearer tokens. A secret is 256 random bits; only its SHA-256 is stored. A fast hash
 * is enough here (unlike passwords): nobody can guess 2^256 values, and it lets every request find its token by an
 * indexed equality lookup instead of paying a deliberately slow hash per request.
 */
@Singleton
public class TokenService {
    static final String PREFIX = "mlctl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a checked token is trusted without asking the database again (other replicas see revocations then). */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final TokenRepository tokens;
    private final AuditLog audit;
    /** Only valid tokens are cached (by hash), so the map is bounded by the number of live tokens. */
    private final Map<String, Cached> valid = new ConcurrentHashMap<>();

    private record Cached(TokenEntity token, long expiresAtNanos) {
    }

    public TokenService(TokenRepository tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Transactional
    public CreatedToken create(String name, Role role, String description, String actor) {
        return create(name, role, description, null, actor);
    }

    /** A new token; {@code model} (ingest tokens only) limits it to that model's data. */
    @Transactional
    public CreatedToken create(String name, Role role, String description, String model, String actor) {
        if (model != null) {
            if (role != Role.ingest) {
                throw ProblemException.unprocessable("only ingest tokens can be limited to one model (role "
                        + role + " with model '" + model + "')", java.util.List.of());
            }
            if (!Names.isModelName(model)) {
                throw ProblemException.unprocessable("'" + model + "' is not a model name (lower-case letters, digits "
                        + "and '-', at most " + Names.MAX_NAME + " characters)", java.util.List.of());
            }
        }
        String secret = PREFIX + randomSecret();
        TokenEntity saved = insert(name, role, description, secret, model, actor);
        return new CreatedToken(secret, saved.info());
    }

    /** Registers a secret chosen elsewhere (MLCTL_ADMIN_TOKEN) unless it is already known. */
    @Transactional
    public Optional<TokenEntity> ensure(String secret, String name, Role role, String actor) {
        Optional<TokenEntity> existing = tokens.findByTokenHash(hash(secret));
        if (existing.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(insert(name, role, "bootstrap token", secret, null, actor));
    }

    /** The active token with this secret, from the short-lived cache when it was checked recently. */
    public Optional<TokenEntity> cached(String secret) {
        Cached c = valid.get(hash(secret));
        return c != null && c.expiresAtNanos() - System.nanoTime() > 0 ? Optional.of(c.token()) : Optional.empty();
    }

    @Transactional(readOnly = true)
    public Optional<TokenEntity> authenticate(String secret) {
        String h = hash(secret);
        Optional<TokenEntity> t = tokens.findByTokenHash(h).filter(TokenEntity::active);
        t.ifPresentOrElse(e -> valid.put(h, new Cached(e, System.nanoTime() + CACHE_TTL.toNanos())), () -> valid.remove(h));
        return t;
    }

    @Transactional(readOnly = true)
    public Page<TokenInfo> list(int page, int size) {
        var found = tokens.findAll(Pageable.from(page, size, Sort.of(Sort.Order.asc("id"))));
        return new Page<>(found.getContent().stream().map(TokenEntity::info).toList(), page, size,
                found.getTotalSize());
    }

    @Transactional(readOnly = true)
    public boolean hasActiveAdmin() {
        return tokens.countByRoleAndRevokedAtIsNull(Role.admin) > 0;
    }

    /** Revokes a token; the last active admin token cannot be revoked (nobody could manage tokens afterwards). */
    @Transactional
    public TokenInfo revoke(long id, String actor) {
        TokenEntity t = tokens.findById(id).orElseThrow(() -> ProblemException.notFound("no token with id " + id));
        if (!t.active()) {
            return t.info();
        }
        if (t.role() == Role.admin && tokens.countByRoleAndRevokedAtIsNull(Role.admin) <= 1) {
            throw ProblemException.conflict("token " + id + " is the last active admin token; create another admin "
                    + "token before revoking it");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tokens.updateRevokedAt(id, now);
        valid.remove(t.tokenHash());
        TokenInfo after = new TokenEntity(t.id(), t.name(), t.role(), t.description(), t.tokenHash(), t.createdAt(),
                t.createdBy(), now, t.model()).info();
        audit.record(actor, "token.revoke", "tokens/" + id, t.info(), after);
        return after;
    }

    private TokenEntity insert(String name, Role role, String description, String secret, String model,
                               String actor) {
        TokenEntity saved = tokens.save(new TokenEntity(null, name, role, description, hash(secret),
                Instant.now().truncatedTo(ChronoUnit.MICROS), actor, null, model));
        audit.record(actor, "token.create", "tokens/" + saved.id(), null, saved.info());
        return saved;
    }

    static String hash(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
