package io.mlctl.controlplane.server;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where the server listens and how large request bodies may be (held in memory, or streamed). */
public final class HttpOptions implements ServerProperties {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:MLCTL_PORT:-8080}",
            description = "HTTP port (env MLCTL_PORT, default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to bind (default: all interfaces; use 127.0.0.1 to keep it local).")
    String host;

    @Option(names = "--max-request-size", paramLabel = "SIZE", defaultValue = "100MB",
            description = "Largest request body read into memory (JSON, YAML); larger ones get 413 "
                    + "(default ${DEFAULT-VALUE}).")
    String maxRequestSize;

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.port", port == 0 ? -1 : port);
        if (host != null) {
            p.put("micronaut.server.host", host);
        }
        // what is held in memory; streamed endpoints (profile uploads, sample batches) enforce their own limits
        p.put("micronaut.server.max-request-buffer-size", maxRequestSize);
        return p;
    }
}
