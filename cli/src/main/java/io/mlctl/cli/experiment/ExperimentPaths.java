package io.mlctl.cli.experiment;

import io.mlctl.cli.support.ApiClient;

/** The [experiments] REST paths of docs/DEVELOPING.md. */
final class ExperimentPaths {
    static final String ROOT = "/api/v1/experiments";

    private ExperimentPaths() {
    }

    static String of(String id) {
        return ROOT + "/" + ApiClient.seg(id);
    }
}
