package io.mlctl.controlplane;

import io.micronaut.runtime.Micronaut;

/** Entry point of the control plane ({@code bin/mlctl server}). */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
