package io.mlctl.operator.testing;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.mlctl.rollout.api.ModelRollout;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's in-process Kubernetes API server in CRUD mode (or a real one, {@link #on(KubernetesClient)}: K3s in the
 * end-to-end test) with the CRDs an operator test needs: the ModelRollout CRD generated from our types (read from the
 * rollout-api jar) and the Gateway API HTTPRoute CRD generated from fabric8's own HTTPRoute model. No Deployment
 * controller runs here: a test plays it and the kubelet with {@link #markReady}.
 */
public final class TestCluster implements AutoCloseable {
    /** The test's own requests say so, so a test recording the server's requests can tell them from the code's. */
    public static final String USER_AGENT = "mlctl-test-harness";
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private TestCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /**
     * A real API server behind this client (K3s, whose Deployment controller is off so that {@link #markReady} plays
     * it): the CRDs are created there and waited for until established. There are no mock expectations to set:
     * {@link #allowLeases()} and {@link #allowRules(String)} must not be called, the client's own rights apply.
     */
    public static TestCluster on(KubernetesClient client) throws Exception {
        TestCluster cluster = new TestCluster(null, client);
        cluster.loadCrds();
        for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType())
                            && "True".equals(x.getStatus())), 60, java.util.concurrent.TimeUnit.SECONDS);
        }
        return cluster;
    }

    public static TestCluster start() throws Exception {
        // CRUD for everything, plus the few answers a CRUD store cannot give (see allowLeases)
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        KubernetesClient client = server.createClient(b -> b.editOrNewConfig().withUserAgent(USER_AGENT).endConfig());
        TestCluster cluster = new TestCluster(server, client);
        cluster.loadCrds();
        return cluster;
    }

    private void loadCrds() throws Exception {
        try (InputStream in = ModelRollout.class.getResourceAsStream("/META-INF/fabric8/modelrollouts.mlctl.io-v1.yml")) {
            if (in == null) {
                throw new IllegalStateException("the generated ModelRollout CRD is not on the classpath (build rollout-api)");
            }
            client.apiextensions().v1().customResourceDefinitions().load(in).createOr(existing -> existing.update());
        }
        Path dir = Files.createTempDirectory("mlctl-crds-");
        new CRDGenerator().customResourceClasses(HTTPRoute.class).forCRDVersions("v1").inOutputDir(dir.toFile()).generate();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(Files.readString(f), CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(existing -> existing.update());
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /**
     * Answers the SelfSubjectRulesReview with which JOSDK's leader election checks, before it starts, that it may
     * get, create and update Leases: authorization is the one part of an API server a CRUD store cannot play.
     */
    public void allowLeases() {
        SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder().withNewMetadata().endMetadata()
                .withNewStatus().withIncomplete(false).addNewResourceRule().withApiGroups("coordination.k8s.io")
                .withResources("leases").withVerbs("get", "create", "update").endResourceRule().endStatus().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, review).always();
    }

    /**
     * Answers the SelfSubjectRulesReview with these resource rules instead (a JSON array of apiGroups, resources,
     * resourceNames, verbs): what a Role really grants, e.g. the one a Helm chart renders.
     */
    public void allowRules(String resourceRules) {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
                 "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":%s}}""".formatted(resourceRules))
                .always();
    }

    /** The server itself, e.g. to read the requests it received. */
    public KubernetesMockServer server() {
        return server;
    }

    public KubernetesClient client() {
        return client;
    }

    public void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    /** Plays the Deployment controller and kubelet: all replicas of the current generation are ready. */
    public void markReady(String namespace, String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null) {
            throw new IllegalStateException("no deployment " + namespace + "/" + name);
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas).withAvailableReplicas(replicas)
                .withObservedGeneration(d.getMetadata().getGeneration()).build());
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }

    public Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    public HTTPRoute route(String namespace, String name) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
    }

    public ModelRollout rollout(String namespace, String name) {
        return client.resources(ModelRollout.class).inNamespace(namespace).withName(name).get();
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.destroy();
        }
    }
}
