-- A label is stored ON its prediction's row (prediction_pairing), not in a table of its own (model_label):
-- - storing a label becomes one keyed UPDATE of a row that exists anyway, instead of a row and two index entries
--   more to write and commit (H2's commit walks every entry written);
-- - the quality read becomes ONE range scan of the version's predictions instead of two (docs/BENCHMARKS.md,
--   "Labels"). A covering index (the key's unique index with INCLUDE columns) was measured and not kept: on H2 it
--   made each label's update about a third dearer and the scan no faster.
-- label_cat is NULL while a prediction has no label; label_batch_id is the label_batch that stored the label.
ALTER TABLE prediction_pairing ADD COLUMN label_num DOUBLE PRECISION;
ALTER TABLE prediction_pairing ADD COLUMN label_cat VARCHAR(72);
ALTER TABLE prediction_pairing ADD COLUMN label_ts TIMESTAMP WITH TIME ZONE;
ALTER TABLE prediction_pairing ADD COLUMN label_batch_id BIGINT;
-- Every stored label has its prediction (both were pruned together by sample time), so none is lost here.
UPDATE prediction_pairing SET
    label_num = (SELECT l.label_num FROM model_label l WHERE l.model = prediction_pairing.model
                 AND l.version = prediction_pairing.version AND l.request_key = prediction_pairing.request_key),
    label_cat = (SELECT l.label_cat FROM model_label l WHERE l.model = prediction_pairing.model
                 AND l.version = prediction_pairing.version AND l.request_key = prediction_pairing.request_key),
    label_ts = (SELECT l.label_ts FROM model_label l WHERE l.model = prediction_pairing.model
                AND l.version = prediction_pairing.version AND l.request_key = prediction_pairing.request_key),
    label_batch_id = (SELECT l.batch_id FROM model_label l WHERE l.model = prediction_pairing.model
                      AND l.version = prediction_pairing.version AND l.request_key = prediction_pairing.request_key)
WHERE EXISTS (SELECT 1 FROM model_label l WHERE l.model = prediction_pairing.model
              AND l.version = prediction_pairing.version AND l.request_key = prediction_pairing.request_key);
DROP TABLE model_label;
