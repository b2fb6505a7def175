package io.mlctl.controlplane.mlflow;

/**
 * Where MLflow's clients send model-registry calls: {@code /api/2.0/mlflow/} (the Python and Java clients) and
 * {@code /ajax-api/2.0/mlflow/} (MLflow's web UI); both are served.
 */
public final class MlflowPaths {
    public static final String API = "/api/2.0/mlflow";
    public static final String AJAX = "/ajax-api/2.0/mlflow";

    private MlflowPaths() {
    }

    public static boolean isMlflow(String path) {
        return path != null && (path.startsWith(API + "/") || path.startsWith(AJAX + "/"));
    }
}
