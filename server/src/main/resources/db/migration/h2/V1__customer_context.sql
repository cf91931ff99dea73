-- One row per customer: the context in its stored form (see ContextCodec), and when it
-- last changed, for operators.
CREATE TABLE customer_context (
    customer_id VARCHAR(512) PRIMARY KEY,
    context     VARBINARY(1000000000) NOT NULL,
    updated_at  BIGINT NOT NULL
);
