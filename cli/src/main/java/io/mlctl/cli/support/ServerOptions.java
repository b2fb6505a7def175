package io.mlctl.cli.support;

import picocli.CommandLine.Option;

/** Mixin for where the control plane is and who we are: flags win over MLCTL_SERVER / MLCTL_TOKEN. */
public final class ServerOptions {
    @Option(names = {"-s", "--server"}, paramLabel = "URL",
            description = "Control-plane URL (env MLCTL_SERVER, default http://localhost:8080).")
    String server;

    @Option(names = {"--token"}, paramLabel = "TOKEN", description = "Bearer token (env MLCTL_TOKEN).")
    String token;

    public String server() {
        String s = server != null ? server : System.getenv("MLCTL_SERVER");
        s = (s == null || s.isBlank()) ? "http://localhost:8080" : s.trim();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The server the user named (flag or MLCTL_SERVER), or null when the default would be used. */
    public String explicitServer() {
        String s = server != null ? server : System.getenv("MLCTL_SERVER");
        return s == null || s.isBlank() ? null : server();
    }

    public String token() {
        String t = token != null ? token : System.getenv("MLCTL_TOKEN");
        return (t == null || t.isBlank()) ? null : t.trim();
    }

    public ApiClient client() {
        return new ApiClient(server(), token());
    }
}
