package io.mlctl.controlplane.security;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminTokenBootstrapTest {

    private static String startCapturing(TestDatabase db) {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (ControlPlaneServer ignored = ControlPlaneServer.start(db,
                Map.of(ControlPlaneServer.ADMIN_TOKEN_PROPERTY, ""))) {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void generatesAndPrintsAnAdminTokenOnlyOnFirstStart() {
        try (TestDatabase db = TestDatabase.h2()) {
            String first = startCapturing(db);
            Matcher m = Pattern.compile("MLCTL_TOKEN=(mlctl_\\S+)").matcher(first);
            assertTrue(m.find(), first);
            String token = m.group(1);
            assertFalse(startCapturing(db).contains("MLCTL_TOKEN="), "printed again on the second start");
            try (ControlPlaneServer cp = ControlPlaneServer.start(db)) {
                assertEquals(200, cp.http(token).get("/api/v1/tokens").status());
            }
        }
    }

    @Test
    void registersTheConfiguredAdminTokenOnce() {
        try (TestDatabase db = TestDatabase.h2()) {
            try (ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of(ControlPlaneServer.ADMIN_TOKEN_PROPERTY, "mlctl_fixed"))) {
                assertEquals(200, cp.http("mlctl_fixed").get("/api/v1/tokens").status());
            }
            try (ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of(ControlPlaneServer.ADMIN_TOKEN_PROPERTY, "mlctl_fixed"))) {
                assertEquals(1, cp.http("mlctl_fixed").get("/api/v1/tokens").json().path("total").asInt());
            }
        }
    }
}
