-- Retrain policies with quality conditions (roc_auc<0.85): the labelled predictions a window needs before its
-- quality may fire, and the window of prediction time a quality trigger was fired for (one trigger per window and
-- version; NULL for drift, manual and operator triggers, which several rows may share).
ALTER TABLE retrain_policy ADD COLUMN min_labels INTEGER;
ALTER TABLE retrain_trigger ADD COLUMN window_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE retrain_trigger ADD CONSTRAINT retrain_trigger_window UNIQUE (model, version, window_start);
