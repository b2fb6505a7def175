-- What MLflow's model-registry API needs beyond what the registry held (docs/MLFLOW.md):
-- the link to the run that produced a version (MLflow's run_link, part of a version's lineage), and the highest
-- version number a model ever had, so that a deleted version's number is never handed out again (drift reports,
-- audit entries and alias history keep referring to numbers).
ALTER TABLE model_version ADD COLUMN run_link VARCHAR(2000);
ALTER TABLE registered_model ADD COLUMN last_version INTEGER DEFAULT 0 NOT NULL;
UPDATE registered_model SET last_version =
    COALESCE((SELECT MAX(v.version) FROM model_version v WHERE v.model_id = registered_model.id), 0);
