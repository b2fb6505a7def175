-- Experiments (docs/EXPERIMENTS.md). Arms and metrics are JSON documents: they are read and written whole.
CREATE TABLE experiment (
    id                   VARCHAR(63)  PRIMARY KEY,
    model                VARCHAR(63)  NOT NULL,
    description          TEXT,
    arms                 TEXT         NOT NULL,
    metrics              TEXT         NOT NULL,
    alpha                DOUBLE PRECISION NOT NULL,
    power                DOUBLE PRECISION NOT NULL,
    salt                 VARCHAR(200) NOT NULL,
    max_duration         VARCHAR(40),
    max_duration_seconds BIGINT,
    n_star               BIGINT       NOT NULL,
    correction           VARCHAR(10)  NOT NULL,
    status               VARCHAR(10)  NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by           VARCHAR(200),
    stopped_at           TIMESTAMP WITH TIME ZONE,
    stop_reason          VARCHAR(500)
);
CREATE INDEX experiment_model_created ON experiment (model, created_at);

-- Units exposed per arm: a unit counts once per arm, whatever is sent again.
CREATE TABLE experiment_exposure (
    experiment_id VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    arm           VARCHAR(63)  NOT NULL,
    unit_id       VARCHAR(256) NOT NULL,
    first_day     DATE         NOT NULL,
    PRIMARY KEY (experiment_id, arm, unit_id)
);
CREATE INDEX experiment_exposure_unit ON experiment_exposure (experiment_id, unit_id);

-- Each unit's value of a metric (a proportion's 0/1, or a mean metric's running sum), so a later event for the
-- same unit changes the sums of squares exactly.
CREATE TABLE experiment_unit_value (
    experiment_id VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    metric        VARCHAR(100) NOT NULL,
    arm           VARCHAR(63)  NOT NULL,
    unit_id       VARCHAR(256) NOT NULL,
    unit_value    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_id, metric, arm, unit_id)
);
CREATE INDEX experiment_unit_value_unit ON experiment_unit_value (experiment_id, unit_id);

-- Sufficient statistics per arm and day (UTC): newly exposed units, and per metric the change of the sum and of the
-- sum of squares of the units' values. Cumulative sums over days give n, mean and variance at any day.
CREATE TABLE experiment_daily_exposure (
    experiment_id VARCHAR(63) NOT NULL REFERENCES experiment (id),
    arm           VARCHAR(63) NOT NULL,
    stat_day      DATE        NOT NULL,
    units         BIGINT      NOT NULL,
    PRIMARY KEY (experiment_id, arm, stat_day)
);
CREATE TABLE experiment_daily_metric (
    experiment_id VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    metric        VARCHAR(100) NOT NULL,
    arm           VARCHAR(63)  NOT NULL,
    stat_day      DATE         NOT NULL,
    total         DOUBLE PRECISION NOT NULL,
    squares       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_id, metric, arm, stat_day)
);

-- Accepted event batches by Idempotency-Key: a repeat gets the first answer back and changes nothing.
CREATE TABLE experiment_event_batch (
    experiment_id   VARCHAR(63)  NOT NULL REFERENCES experiment (id),
    idempotency_key VARCHAR(200) NOT NULL,
    body_sha256     VARCHAR(64)  NOT NULL,
    events          INTEGER      NOT NULL,
    exposures       INTEGER      NOT NULL,
    metric_values   INTEGER      NOT NULL,
    accepted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_id, idempotency_key)
);
