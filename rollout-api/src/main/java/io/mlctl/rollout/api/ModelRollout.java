package io.mlctl.rollout.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A rollout of one model version (the candidate) beside another (the baseline): shadow, canary or A/B, judged by
 * guardrails, ending in promotion (the baseline alias moves to the candidate) or rollback. The CRD YAML in
 * {@code charts/mlctl/crds} is generated from this class by fabric8's CRD generator.
 */
@Group(ModelRollout.GROUP)
@Version(ModelRollout.VERSION)
@Kind("ModelRollout")
@Plural("modelrollouts")
@ShortNames({"mro"})
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Baseline", jsonPath = ".spec.baseline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Candidate", jsonPath = ".spec.candidate", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.step", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Weight", jsonPath = ".status.weights.candidate", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ModelRollout extends CustomResource<ModelRolloutSpec, ModelRolloutStatus> implements Namespaced {
    public static final String GROUP = "mlctl.io";
    public static final String VERSION = "v1alpha1";
    public static final String CRD_NAME = "modelrollouts." + GROUP;

    public ModelRollout() {
    }

    public ModelRollout(String namespace, String name, ModelRolloutSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }

    @Override
    protected ModelRolloutStatus initStatus() {
        return new ModelRolloutStatus();
    }
}
