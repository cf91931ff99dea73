-- The revision of the stored context: how many events have changed it. A row is never
-- replaced by a lower revision (see ContextTable).
ALTER TABLE customer_context ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
