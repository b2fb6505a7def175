package io.mlctl.operator.testing;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;

/**
 * One real control plane (embedded, on its own H2 database) for all operator tests of a JVM: starting Micronaut is
 * the slow part of a test. Tests stay independent by using their own model names.
 */
public final class SharedControlPlane {
    private static ControlPlaneServer server;

    private SharedControlPlane() {
    }

    public static synchronized ControlPlaneServer get() {
        if (server == null) {
            TestDatabase db = TestDatabase.h2();
            server = ControlPlaneServer.start(db);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                db.close();
            }));
        }
        return server;
    }
}
