package io.mlctl.controlplane.server;

import java.util.Map;

/**
 * A group of {@code mlctl server} options (a picocli mixin) that turns into Micronaut properties. To add options,
 * write a class with {@code @Option} fields implementing this interface and add it as a {@code @Mixin} field of
 * {@link ServerCommand}; its properties are merged into the application context at start.
 */
public interface ServerProperties {

    /** The Micronaut properties these options set; leave out what the user did not give. */
    Map<String, Object> properties();
}
