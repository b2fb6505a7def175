package io.mlctl.cli.rollout;

import java.util.function.Function;

/** How a flag meets a manifest: a flag that was given wins, else the manifest's value (when there is a manifest). */
final class Overrides {
    private Overrides() {
    }

    static <B, T> T flagOr(T flag, B base, Function<B, T> field) {
        return flag != null ? flag : base == null ? null : field.apply(base);
    }
}
