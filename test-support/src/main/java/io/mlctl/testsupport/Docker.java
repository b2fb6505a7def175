package io.mlctl.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a Docker engine is there for Testcontainers (the PostgreSQL container of {@link TestDatabase}, the K3s
 * cluster of the operator's end-to-end test). Asked once per JVM. Where nothing points at an engine (no
 * {@code DOCKER_HOST}, no Docker socket, no {@code ~/.testcontainers.properties}), Testcontainers is not asked at
 * all: its probing would try every strategy and log a screenful of errors per run on machines without Docker.
 */
public final class Docker {
    private static Boolean available;

    private Docker() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            available = engineConfigured() && DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }

    /** Skips the calling test, with a one-line reason, where there is no engine. */
    public static void assumeAvailable(String what) {
        Assumptions.assumeTrue(available(), what + " skipped: no Docker engine for Testcontainers (docs/DEVELOPING.md, \"With Docker\")");
    }

    static boolean engineConfigured() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> places = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"), home.resolve(".rd/docker.sock"),
                home.resolve(".testcontainers.properties")));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            places.add(Path.of(runtime, "docker.sock"));
        }
        return places.stream().anyMatch(Files::exists);
    }
}
