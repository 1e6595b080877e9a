-- The service takes order_history ids 50 at a time from a sequence (Hibernate's pooled optimizer) instead of
-- letting each INSERT generate its id: an entity whose id only its INSERT returns must be inserted at once, one
-- statement per entry, so a consumer's batch of verdicts could not send its history rows in one JDBC batch.
-- A plain sequence, not the identity column's: Hibernate's schema validation does not see identity sequences.
-- The column keeps a default, so other writers (psql, a later migration) still draw ids from the same sequence;
-- each nextval is the top of a block of 50 that no other nextval can overlap.
ALTER TABLE order_history ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE order_history_id_seq INCREMENT BY 50 OWNED BY order_history.id;
SELECT setval('order_history_id_seq', coalesce(max(id), 0) + 50, false) FROM order_history;
ALTER TABLE order_history ALTER COLUMN id SET DEFAULT nextval('order_history_id_seq');
