-- Ingest looks units up with "experiment_id = ? AND unit_id IN (...)". H2 uses an IN list only on the first column
-- of an index, so the unit id leads (PostgreSQL is served equally well either way).
DROP INDEX experiment_exposure_unit;
DROP INDEX experiment_unit_value_unit;
CREATE INDEX experiment_exposure_unit ON experiment_exposure (unit_id, experiment_id);
CREATE INDEX experiment_unit_value_unit ON experiment_unit_value (unit_id, experiment_id);
