package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import java.util.List;

/**
 * The Gateway API HTTPRoute the operator steers. An existing route keeps its parentRefs and hostnames; the
 * operator owns its rules. A missing route is created with {@code gateway} as its parent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrafficSpec(
        @Required @Pattern(Patterns.OBJECT_NAME)
        String httpRoute,
        @JsonPropertyDescription("Namespace of the HTTPRoute (default: the rollout's).")
        String namespace,
        @JsonPropertyDescription("Gateway to attach a route the operator creates.")
        GatewayRef gateway,
        List<String> hostnames) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GatewayRef(@Required String name, String namespace, String sectionName) {
    }
}
