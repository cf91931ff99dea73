-- The key of journey_transition starts with the journey and the day. With V8's key (the
-- stages first) and its index on (journey, change_day), H2 chose that index for the
-- commits' MERGE, which then read every row of the move's day to find one: the cost of a
-- counted move grew with the rows of its day. Now the key serves both the MERGE (one row,
-- found by all its columns) and a day's reads (JourneyDays), and the index goes.
DROP INDEX journey_transition_day;
ALTER TABLE journey_transition DROP PRIMARY KEY;
ALTER TABLE journey_transition ADD PRIMARY KEY (journey, change_day, from_stage, to_stage, segment, rule_set,
    dwell_days, cohort);
