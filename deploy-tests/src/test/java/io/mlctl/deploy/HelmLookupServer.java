package io.mlctl.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The API server the chart's {@code lookup} calls reach while helm-java renders: its template runs Helm's install
 * action with a dry-run option of "none", which (unlike {@code helm template} or {@code helm install --dry-run})
 * lets templates talk to the cluster. fabric8's in-process server (CRUD) answers the discovery and the Secret reads;
 * the surefire configuration points {@code KUBECONFIG} at the file written here. A test stores a Secret to play an
 * installed release whose ingest token must survive the upgrade.
 */
final class HelmLookupServer {
    private static HelmLookupServer instance;

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private HelmLookupServer(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Started once per JVM, before the first render; null when KUBECONFIG is not set (outside Maven). */
    static synchronized HelmLookupServer get() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return null;
        }
        if (instance == null) {
            Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                    new KubernetesMixedDispatcher(expectations), false);
            server.init();
            // discovery: Helm maps kind Secret to its resource through the core group's resource list
            // (client-go adds ?timeout=32s; expectations match the path with its query)
            for (String query : new String[]{"", "?timeout=32s"}) {
                server.expect().get().withPath("/api/v1" + query).andReturn(200, """
                        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
                         {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
                          "verbs":["create","delete","get","list","patch","update","watch"]}]}""").always();
                server.expect().get().withPath("/api" + query).andReturn(200, """
                        {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}""").always();
            }
            KubernetesClient client = server.createClient();
            try {
                Path file = Path.of(kubeconfig);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, """
                        apiVersion: v1
                        kind: Config
                        clusters: [{name: lookup, cluster: {server: "%s"}}]
                        users: [{name: helm, user: {token: t}}]
                        contexts: [{name: lookup, context: {cluster: lookup, user: helm}}]
                        current-context: lookup
                        """.formatted(client.getConfiguration().getMasterUrl()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instance = new HelmLookupServer(server, client);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                server.destroy();
            }, "helm-lookup-server-stop"));
        }
        return instance;
    }

    /** An installed release's Secret: {@code key: value} (base64 in data, as the API server stores it). */
    void secret(String namespace, String name, String key, String value) {
        Secret s = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))).build();
        client.secrets().inNamespace(namespace).resource(s).create();
    }

    void deleteSecret(String namespace, String name) {
        client.secrets().inNamespace(namespace).withName(name).delete();
    }
}
