-- A label row carries its joined prediction (copied at ingest, as prediction_ts already is): a prediction never
-- changes once logged (the first row of a request wins), so the copy cannot go stale, and the quality read becomes
-- two range scans of the version (predictions, labels) instead of a join with one index lookup per prediction, which
-- outlived the 10 s statement timeout at 1,000,000 predictions on H2 (docs/BENCHMARKS.md).
ALTER TABLE model_label ADD COLUMN prediction_num DOUBLE PRECISION;
ALTER TABLE model_label ADD COLUMN prediction_cat VARCHAR(72);
UPDATE model_label SET
    prediction_num = (SELECT p.prediction_num FROM prediction_pairing p WHERE p.model = model_label.model
                      AND p.version = model_label.version AND p.request_key = model_label.request_key),
    prediction_cat = (SELECT p.prediction_cat FROM prediction_pairing p WHERE p.model = model_label.model
                      AND p.version = model_label.version AND p.request_key = model_label.request_key);
