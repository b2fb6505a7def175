-- V2_11 moved every label stored on its prediction's row into label_segment: the columns V2_9 added go.
ALTER TABLE prediction_pairing DROP COLUMN label_num;
ALTER TABLE prediction_pairing DROP COLUMN label_cat;
ALTER TABLE prediction_pairing DROP COLUMN label_ts;
ALTER TABLE prediction_pairing DROP COLUMN label_batch_id;
