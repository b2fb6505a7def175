package io.mlctl.logger;

import io.mlctl.testsupport.StubServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logger's reads of the control plane: a control plane that accepts and never answers is given up after the read
 * timeout (and is retryable), and the schema answer is read strictly: one JSON value, {@code ref} and {@code source}
 * strings (a number is not coerced into a name).
 */
class ControlPlaneClientStrictTest {
    private static final String SCHEMA = "name: s\\nfeatures:\\n  - {name: a, type: numeric}\\n";

    @Test
    void aSilentControlPlaneIsGivenUpAfterTheReadTimeout() throws Exception {
        try (StubServers.Silent silent = new StubServers.Silent()) {
            ControlPlaneClient client = new ControlPlaneClient(silent.url(),
                    "t", "m", 1, Duration.ofSeconds(1), Duration.ofSeconds(1));
            // the bound under test is 1 s; 60 s only keeps a regression from hanging the build
            ControlPlaneClient.SchemaUnavailable e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(ControlPlaneClient.SchemaUnavailable.class, client::loadSchema));
            assertTrue(e.retryable, e.getMessage());
        }
    }

    @Test
    void theSchemaAnswerIsReadStrictly() throws Exception {
        try (StubServers.Canned server = new StubServers.Canned()) {
            ControlPlaneClient client = new ControlPlaneClient(server.url(), "t", "m", 1, Duration.ofSeconds(5),
                    Duration.ofSeconds(10));
            server.answer("{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\",\"format\":\"yaml\",\"new\":1}");
            assertEquals("s@1", client.loadSchema().ref());
            for (String bad : List.of("{\"ref\":1,\"source\":\"" + SCHEMA + "\"}",
                    "{\"ref\":\"s@1\",\"source\":[\"" + SCHEMA + "\"]}",
                    "{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\",\"format\":7}",
                    "{\"ref\":\"s@1\",\"source\":\"" + SCHEMA + "\"} {\"ref\":\"t@1\"}")) {
                server.answer(bad);
                assertThrows(ControlPlaneClient.SchemaUnavailable.class, client::loadSchema, bad);
            }
        }
    }
}
