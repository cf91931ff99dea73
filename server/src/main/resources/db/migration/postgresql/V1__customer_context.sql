-- One row per customer: the context in its stored form (see ContextCodec), and when it
-- last changed, for operators.
CREATE TABLE customer_context (
    customer_id TEXT PRIMARY KEY,
    context     BYTEA NOT NULL,
    updated_at  BIGINT NOT NULL
);
