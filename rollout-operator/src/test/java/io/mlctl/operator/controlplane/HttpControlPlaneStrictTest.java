package io.mlctl.operator.controlplane;

import io.mlctl.testsupport.StubServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's calls to the control plane: bounded by its timeout when the control plane accepts the connection
 * and then says nothing, and answers read strictly (no coercion, one JSON value), with members it does not know
 * ignored (a newer server may add some).
 */
class HttpControlPlaneStrictTest {
    private static final String VERSION = "{\"model\":\"m\",\"version\":%s,\"uri\":\"models:/m/3\",\"artifactUri\":\"s3://a\","
            + "\"runtime\":\"custom\",\"metrics\":{},\"tags\":{},\"status\":\"READY\",\"aliases\":[]%s}";

    @Test
    void aControlPlaneThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
        try (StubServers.Silent silent = new StubServers.Silent()) {
            HttpControlPlane cp = new HttpControlPlane(silent.url(), "t",
                    Duration.ofSeconds(1));
            // the bound under test is 1 s; 60 s only keeps a regression from hanging the build
            ControlPlaneException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(ControlPlaneException.class, () -> cp.resolve("m", "@prod")));
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        }
    }

    @Test
    void answersAreReadStrictly() throws Exception {
        try (StubServers.Canned server = new StubServers.Canned()) {
            HttpControlPlane cp = new HttpControlPlane(server.url(),
                    "t", Duration.ofSeconds(10));
            server.answer(VERSION.formatted("3", ",\"addedByANewerServer\":{\"x\":1}"));
            assertEquals(3, cp.resolve("m", "@prod"), "unknown members are ignored");
            for (String bad : List.of(VERSION.formatted("\"3\"", ""), VERSION.formatted("3.5", ""),
                    VERSION.formatted("[3]", ""), VERSION.formatted("true", ""), VERSION.formatted("null", ""),
                    VERSION.formatted("3", "") + " {}", VERSION.formatted("3", "").replace("\"s3://a\"", "7"))) {
                server.answer(bad);
                ControlPlaneException e = assertThrows(ControlPlaneException.class, () -> cp.resolve("m", "@prod"),
                        bad);
                assertEquals(502, e.status(), bad);
            }
        }
    }
}
