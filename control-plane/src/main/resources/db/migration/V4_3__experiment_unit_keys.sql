-- Per-unit rows are looked up by "unit_id IN (...) AND experiment_id = ?". With the experiment first in the primary
-- key, a planner without statistics yet (a fresh PostgreSQL table before autovacuum's first ANALYZE) scans every
-- unit of the experiment through the key's prefix. Leading with the unit id leaves one index that serves the lookup
-- on both databases. Portable rebuild: new table, copy, drop, rename.
CREATE TABLE experiment_exposure_new (
    unit_id       VARCHAR(256) NOT NULL,
    experiment_id VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    arm           VARCHAR(63)  NOT NULL,
    first_day     DATE         NOT NULL,
    PRIMARY KEY (unit_id, experiment_id, arm)
);
INSERT INTO experiment_exposure_new (unit_id, experiment_id, arm, first_day)
    SELECT unit_id, experiment_id, arm, first_day FROM experiment_exposure;
DROP TABLE experiment_exposure;
ALTER TABLE experiment_exposure_new RENAME TO experiment_exposure;

CREATE TABLE experiment_unit_value_new (
    unit_id       VARCHAR(256) NOT NULL,
    experiment_id VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    metric        VARCHAR(100) NOT NULL,
    arm           VARCHAR(63)  NOT NULL,
    unit_value    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (unit_id, experiment_id, metric, arm)
);
INSERT INTO experiment_unit_value_new (unit_id, experiment_id, metric, arm, unit_value)
    SELECT unit_id, experiment_id, metric, arm, unit_value FROM experiment_unit_value;
DROP TABLE experiment_unit_value;
ALTER TABLE experiment_unit_value_new RENAME TO experiment_unit_value;
