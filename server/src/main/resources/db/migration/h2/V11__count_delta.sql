-- The journey and voice counts of each group commit, written with its contexts in the same
-- transaction as one row (nba.store.v1.StoredCounts, see CountDeltas), and added to the
-- count tables (journey_transition, journey_stock, journey_day_revision, voice_answer,
-- voice_recovery) by a later transaction that deletes the row: a commit appends one row
-- instead of a lookup and an update per counted row, and the counts stay exact through a
-- crash because each row is added exactly once. Readers of the counts add what is here
-- before they read.
CREATE TABLE count_delta (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    counts VARBINARY(1000000000) NOT NULL
);
