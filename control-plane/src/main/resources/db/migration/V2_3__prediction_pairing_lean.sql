-- Pairing records are written at ingest rate, one per sample with a request id: no identity column and two indexes
-- (the unique request key, the sample time for pruning). On H2 the identity sequence under concurrent batches cut
-- ingest with request ids by a factor 5; the (model, version, sample_ts) index is not needed, as a comparison reads
-- a version's records through the unique key's (model, version) prefix (docs/BENCHMARKS.md).
ALTER TABLE prediction_pairing DROP COLUMN id;
DROP INDEX prediction_pairing_recent;
