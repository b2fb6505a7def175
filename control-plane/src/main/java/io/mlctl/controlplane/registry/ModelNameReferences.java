package io.mlctl.controlplane.registry;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.registry.db.Sql;
import io.mlctl.registry.model.ModelReferences;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The control plane's tables that name a model by name (and version by number) instead of a foreign key, so that a
 * rename or a version delete (MLflow's API offers both) cannot strand them. Experiments name their versions inside
 * a JSON document, so any experiment of the model counts for each of its versions.
 */
@Singleton
public class ModelNameReferences implements ModelReferences {
    /** Table, what it holds in words, and whether it has a {@code version} column. */
    private record Table(String name, String words, boolean versioned) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("reference_profile", "reference profiles", true),
            new Table("ingest_batch", "ingested sample batches", true),
            new Table("drift_window", "drift windows", true),
            new Table("drift_report", "drift reports", true),
            new Table("prediction_pairing", "prediction records", true),
            new Table("prediction_segment", "prediction records", true),
            // a batch of labels keeps its key and answer; its labels are segments of it (V2_10)
            new Table("label_batch", "label batches", true),
            new Table("label_segment", "labels", true),
            new Table("retrain_trigger", "retrain triggers", true),
            new Table("kafka_subscription", "a Kafka subscription", true),
            new Table("retrain_policy", "a retrain policy", false),
            new Table("experiment", "experiments", false));

    private final Sql sql;

    public ModelNameReferences(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<String> referencing(String model, @Nullable Integer version) {
        List<String> found = new ArrayList<>();
        for (Table t : TABLES) {
            boolean byVersion = version != null && t.versioned();
            String query = "SELECT COUNT(*) FROM (SELECT 1 FROM " + t.name() + " WHERE model = ?"
                    + (byVersion ? " AND version = ?" : "") + " LIMIT 1) x";
            if (!found.contains(t.words())
                    && sql.count(query, byVersion ? List.of(model, version) : List.of(model)) > 0) {
                found.add(t.words());
            }
        }
        return found;
    }
}
