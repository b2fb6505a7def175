-- Ingest tokens: a write-only role for senders (KServe's payload logger, the inference logger sidecars), optionally
-- limited to one model. The model is a name, not a foreign key: a token may be made before its model exists, and
-- deleting a model must not delete or widen the token.
ALTER TABLE api_token ADD COLUMN model VARCHAR(63);
ALTER TABLE api_token DROP CONSTRAINT api_token_role_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_role_check CHECK (role IN ('viewer', 'editor', 'admin', 'ingest'));
ALTER TABLE api_token ADD CONSTRAINT api_token_model_scope CHECK (model IS NULL OR role = 'ingest');
