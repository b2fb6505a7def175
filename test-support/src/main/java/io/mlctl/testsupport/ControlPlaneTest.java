package io.mlctl.testsupport;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

/**
 * Base class for HTTP-level tests: every test of the subclass runs twice, against a control plane on H2 and on
 * PostgreSQL (skipped with a message when {@code MLCTL_TEST_PG_URL} is unset), each with a fresh database.
 * {@link #http} sends the admin token; {@code server.http(token)} sends another.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ControlPlaneTest {
    @Parameter
    protected TestDatabase.Kind kind;
    protected TestDatabase database;
    protected ControlPlaneServer server;
    protected TestHttp http;

    /** Extra Micronaut properties for this class's server. */
    protected Map<String, Object> serverProperties() {
        return Map.of();
    }

    @BeforeParameterizedClassInvocation
    void startControlPlane() {
        database = TestDatabase.create(kind);
        try {
            server = ControlPlaneServer.start(database, serverProperties());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        http = server.http();
    }

    @AfterParameterizedClassInvocation
    void stopControlPlane() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
