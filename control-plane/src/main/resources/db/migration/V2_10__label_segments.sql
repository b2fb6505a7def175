-- Segments: rows written and read in runs instead of one database row each (docs/BENCHMARKS.md, "Labels").
-- label_segment: the labels of one accepted batch joined to their predictions, a LabelSegment blob per up to 50,000
-- labels, instead of a keyed UPDATE of each prediction's row (V2_9). Storing a batch becomes appending one row; a later
-- label for the same request lives in a later batch, and the quality read keeps the newest (highest batch_id).
-- prediction_segment: the predictions a batch of samples paired (prediction_pairing's new rows), a PredictionSegment
-- blob of (sample time, value) each, so the quality read decodes a few blobs instead of a million rows.
-- batch_id is the label_batch or ingest_batch the rows came in (0 for rows from before V2_10); newest_sample_ts is the
-- newest prediction's sample time: a segment is pruned with its predictions (PairingRetention).
CREATE TABLE label_segment (
    batch_id         BIGINT       NOT NULL,
    part             INTEGER      NOT NULL,
    model            VARCHAR(63)  NOT NULL,
    version          INTEGER      NOT NULL,
    entries          INTEGER      NOT NULL,
    newest_sample_ts TIMESTAMP WITH TIME ZONE NOT NULL,
    body             BYTEA        NOT NULL,
    CONSTRAINT label_segment_key PRIMARY KEY (batch_id, part)
);
CREATE INDEX label_segment_version ON label_segment (model, version, batch_id);
CREATE INDEX label_segment_age ON label_segment (newest_sample_ts);

CREATE TABLE prediction_segment (
    batch_id         BIGINT       NOT NULL,
    part             INTEGER      NOT NULL,
    model            VARCHAR(63)  NOT NULL,
    version          INTEGER      NOT NULL,
    entries          INTEGER      NOT NULL,
    newest_sample_ts TIMESTAMP WITH TIME ZONE NOT NULL,
    body             BYTEA        NOT NULL,
    CONSTRAINT prediction_segment_key PRIMARY KEY (batch_id, part)
);
CREATE INDEX prediction_segment_version ON prediction_segment (model, version, batch_id);
CREATE INDEX prediction_segment_age ON prediction_segment (newest_sample_ts);
