package io.mlctl.testsupport;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base class for repository and service tests without HTTP: every test of the subclass runs against H2 and against
 * PostgreSQL (skipped with a message when {@code MLCTL_TEST_PG_URL} is unset), in an application context of the
 * test classpath's beans, on a fresh database migrated by Flyway. Get beans with {@link #bean(Class)}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTest {
    @Parameter
    protected TestDatabase.Kind kind;
    protected TestDatabase database;
    protected ApplicationContext context;

    /** Extra Micronaut properties. */
    protected Map<String, Object> contextProperties() {
        return Map.of();
    }

    protected <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @BeforeParameterizedClassInvocation
    void startContext() {
        database = TestDatabase.create(kind);
        Map<String, Object> p = new LinkedHashMap<>(database.properties());
        p.put("flyway.datasources.default.enabled", true);
        p.put("datasources.default.dialect", "POSTGRES");
        p.putAll(contextProperties());
        try {
            context = ApplicationContext.builder().properties(p).environments("test").deduceEnvironment(false).start();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @AfterParameterizedClassInvocation
    void stopContext() {
        if (context != null) {
            context.close();
            context = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
