package io.mlctl.operator;

import io.mlctl.operator.server.LoggerSidecar;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart's environment gives the operator's inference loggers. */
class OperatorConfigTest {
    @Test
    void loggerSettingsComeFromTheEnvironment() {
        OperatorConfig c = OperatorConfig.fromEnv(Map.of("MLCTL_SERVER", "http://mlctl-control-plane.mlctl.svc:8080",
                "MLCTL_LOGGER_IMAGE", "registry.example.com/mlctl/inference-logger:1.4.1",
                "MLCTL_LOGGER_TOKEN_SECRET", "ml-logger-token", "MLCTL_INGEST_TOKEN", "s3cret-ingest"));
        LoggerSidecar.Settings l = c.logger();
        assertEquals("registry.example.com/mlctl/inference-logger:1.4.1", l.image());
        assertEquals("http://mlctl-control-plane.mlctl.svc:8080", l.controlPlaneUrl(), "the URL the operator itself uses");
        assertEquals("ml-logger-token", l.tokenSecret());
        assertEquals("s3cret-ingest", l.token());
        assertFalse(c.toString().contains("s3cret"), "the token stays out of logs: " + c);
        assertFalse(l.toString().contains("s3cret"), "the token stays out of logs: " + l);
    }

    @Test
    void defaultsAreTheReleasedImageOfThisVersionAndNoToken() {
        OperatorConfig c = OperatorConfig.fromEnv(Map.of());
        assertTrue(c.loggerImage().matches("ghcr\\.io/mlctl/inference-logger:\\d+\\.\\d+\\.\\d+.*"), c.loggerImage());
        assertEquals(OperatorConfig.DEFAULT_LOGGER_TOKEN_SECRET, c.loggerTokenSecret());
        assertNull(c.ingestToken(), "without MLCTL_INGEST_TOKEN the operator writes no Secret");
    }
}
