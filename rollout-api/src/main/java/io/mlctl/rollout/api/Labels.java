package io.mlctl.rollout.api;

/**
 * The label keys (and the managed-by values) on the Kubernetes objects mlctl creates: the model servers and routes of
 * the operator, the retrain Jobs and rollouts of the control plane. Selectors and informers read the same constants.
 */
public final class Labels {
    /** The registered model an object serves or belongs to. */
    public static final String MODEL = "mlctl.io/model";
    /** The model version a server serves. */
    public static final String VERSION = "mlctl.io/version";
    /** The server's runtime (triton, vllm, torchserve, custom). */
    public static final String RUNTIME = "mlctl.io/runtime";
    /** The recommended Kubernetes label naming the tool that manages an object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** {@link #MANAGED_BY}'s value on what the operator manages (its informers select on it). */
    public static final String OPERATOR = "mlctl-operator";
    /** {@link #MANAGED_BY}'s value on what the control plane creates (retrain Jobs, rollouts after a retrain). */
    public static final String CONTROL_PLANE = "mlctl";
    /** The retrain trigger a Job runs for. */
    public static final String RETRAIN_TRIGGER = "mlctl.io/retrain-trigger";

    private Labels() {
    }
}
