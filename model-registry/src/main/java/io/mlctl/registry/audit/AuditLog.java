package io.mlctl.registry.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.mlctl.api.common.Page;
import io.mlctl.api.registry.AuditRecord;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes and reads the audit log. {@link #record} joins the caller's transaction, so the audit row and the change
 * it describes are committed (or rolled back) together.
 */
@Singleton
public class AuditLog {
    private final AuditRepository repository;
    private final JsonMapper json;

    public AuditLog(AuditRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * @param actor  who: {@code token-name#id}, or {@code system}
     * @param action what, {@code <object>.<verb>} such as {@code version.update}
     * @param target the object's path, e.g. {@code models/fraud/aliases/production}
     * @param before the object before (null for a creation); any serializable value
     * @param after  the object after (null for a deletion)
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void record(String actor, String action, String target, @Nullable Object before, @Nullable Object after) {
        repository.save(new AuditEntry(null, Instant.now().truncatedTo(ChronoUnit.MICROS), actor, action, target,
                write(before), write(after)));
    }

    /**
     * Newest first. {@code target} matches the object and everything below it ({@code models/fraud} includes its
     * versions); {@code action} may end in {@code *} ({@code alias.*}).
     */
    @Transactional(readOnly = true)
    public Page<AuditRecord> search(@Nullable String actor, @Nullable String action, @Nullable String target,
                                    int page, int size) {
        String actionLike = action == null ? null : action.replace("*", "%");
        String prefix = target == null ? null : target + "/%";
        long total = repository.count(actor, actionLike, target, prefix);
        var items = repository.search(actor, actionLike, target, prefix, size, (long) page * size).stream()
                .map(e -> new AuditRecord(e.id(), e.occurredAt(), e.actor(), e.action(), e.target(),
                        read(e.beforeState()), read(e.afterState())))
                .toList();
        return new Page<>(items, page, size, total);
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
