package io.mlctl.api.retrain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/v1/models/{name}/retrain/policy}. A drift report fires a trigger when the share of features that
 * meet {@code on} (e.g. {@code psi>=0.25}; absent: the feature's drift verdict) reaches {@code minDriftShare} in
 * {@code consecutive} windows in a row, and no trigger fired for the model within {@code cooldown}.
 *
 * @param webhook          URL that gets the signed POST (at least one of webhook and jobTemplate)
 * @param secret           HMAC-SHA256 key of the {@code X-Mlctl-Signature} header; kept when omitted on update
 * @param on               conditions on feature statistics: {@code psi>=0.25}, {@code ks_statistic>0.2,kl>=0.1}
 *                         (any of them; statistics psi, kl, js, ks, chi2), and/or on a window's realized quality:
 *                         {@code roc_auc<0.85} (any single-number metric name of docs/QUALITY.md)
 * @param minLabels        labelled predictions a window needs before its quality can fire (default 100)
 * @param cooldown         {@code 1h}, {@code 30m}... (default 1h)
 * @param jobTemplate      a batch/v1 Job (YAML or JSON) created per trigger when the control plane runs in a cluster
 * @param rolloutTemplate  a ModelRollout (YAML or JSON) created for the version a trigger produced (autoRollout)
 */
@Serdeable
public record RetrainPolicyRequest(@Nullable @Size(max = 2000) String webhook,
                                   @Nullable @Size(max = 500) String secret,
                                   @Nullable @Size(max = 500) String on,
                                   @Nullable @DecimalMin("0.0") @DecimalMax("1.0") Double minDriftShare,
                                   @Nullable @Min(1) @Max(1000) Integer consecutive,
                                   @Nullable @Min(1) @Max(1_000_000_000) Integer minLabels,
                                   @Nullable @Size(max = 20) String cooldown,
                                   @Nullable @Size(max = 100_000) String jobTemplate,
                                   @Nullable @Size(max = 63) @Pattern(regexp = DNS_LABEL,
                                           message = "must be a Kubernetes namespace (DNS label)") String jobNamespace,
                                   @Nullable @Size(max = 100_000) String rolloutTemplate,
                                   @Nullable @Size(max = 63) @Pattern(regexp = DNS_LABEL,
                                           message = "must be a Kubernetes namespace (DNS label)") String rolloutNamespace,
                                   @Nullable Boolean enabled) {
    /** RFC 1123 label: what Kubernetes accepts as a namespace name. */
    public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
}
