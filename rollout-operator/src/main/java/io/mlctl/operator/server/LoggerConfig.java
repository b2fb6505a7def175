package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The inference logger of one version's server, resolved from {@code spec.server.logging} and the runtime preset.
 *
 * @param protocol   the wire protocol the logger decodes ({@code oip}, {@code kserve-v1}, {@code openai},
 *                   {@code torchserve})
 * @param sampleRate share of requests logged, 0..1
 * @param serverPort where the model server listens behind the logger
 * @param image      the logger image, or null for the operator's default
 * @param resources  the logger container's resources, or null for the defaults
 */
public record LoggerConfig(String protocol, double sampleRate, int serverPort, String image, ResourceRequirements resources) {
}
