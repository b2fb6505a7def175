package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * charts/mlctl through Helm's own library (helm-java): lint and template, the rendered manifests parsed with
 * Jackson. Release "mlctl" in namespace "mlctl" unless told otherwise.
 */
final class Chart {
    static final String RELEASE = "mlctl";
    static final String NAMESPACE = "mlctl";
    /** The oldest Kubernetes the chart supports: CEL validation rules in the CRD (x-kubernetes-validations). */
    static final String KUBE_VERSION = "1.25.0";
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private Chart() {
    }

    static Path root() {
        return Path.of(System.getProperty("mlctl.root", "..")).toAbsolutePath().normalize();
    }

    static Path dir() {
        return root().resolve("charts/mlctl");
    }

    /** A values file of this module's test resources (values-full.yaml). */
    static Path values(String name) {
        return root().resolve("deploy-tests/src/test/resources/chart/" + name);
    }

    /** The manifests {@code helm template} renders (CRDs included), each a parsed document. */
    static List<JsonNode> render(Path valuesFile, Map<String, Object> set) {
        HelmLookupServer.get();
        var cmd = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            cmd.withValuesFile(valuesFile);
        }
        set.forEach(cmd::set);
        return parse(cmd.call());
    }

    static List<JsonNode> render(Path valuesFile) {
        return render(valuesFile, Map.of());
    }

    /** What {@code helm show crds} prints: the chart's crds/ folder, installed before the templates. */
    static List<JsonNode> crds() {
        return parse(new Helm(dir()).show().crds().call());
    }

    static List<JsonNode> parse(String manifests) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifests)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered chart is not YAML", e);
        }
        return docs;
    }

    /**
     * helm lint --strict; with a values file, on a copy of the chart whose values.yaml is the defaults overlaid with
     * that file (helm-java's lint reads only the chart's own values).
     */
    static LintResult lint(Path valuesFile) throws IOException {
        HelmLookupServer.get();
        if (valuesFile == null) {
            return new Helm(dir()).lint().strict().call();
        }
        Path copy = Files.createTempDirectory("mlctl-chart-").resolve("mlctl");
        try {
            copyDereferencingLinks(dir(), copy);
            JsonNode merged = merge(YAML.readTree(dir().resolve("values.yaml").toFile()),
                    YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } finally {
            delete(copy.getParent());
        }
    }

    static Stream<JsonNode> kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText()));
    }

    static Optional<JsonNode> find(List<JsonNode> docs, String kind, String name) {
        return kind(docs, kind).filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst();
    }

    static JsonNode get(List<JsonNode> docs, String kind, String name) {
        return find(docs, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the chart; it has "
                + docs.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText()).toList()));
    }

    /** The rendered PrometheusRule's {@code spec} (a Prometheus rule file: {@code groups}). */
    static JsonNode ruleGroups(List<JsonNode> docs) {
        return kind(docs, "PrometheusRule").findFirst().orElseThrow().path("spec");
    }

    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode b) || !overlay.isObject()) {
            return overlay.deepCopy();
        }
        ObjectNode out = b.deepCopy();
        overlay.fields().forEachRemaining(e -> out.set(e.getKey(),
                out.has(e.getKey()) ? merge(out.get(e.getKey()), e.getValue()) : e.getValue().deepCopy()));
        return out;
    }

    private static void copyDereferencingLinks(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
