-- The key of journey_transition starts with the journey and the day, as on H2 (where the
-- commits' MERGE chose the day index and read the whole day): one index serves the upserts,
-- found by all the key's columns, and a day's reads (JourneyDays).
DROP INDEX journey_transition_day;
ALTER TABLE journey_transition DROP CONSTRAINT journey_transition_pkey;
ALTER TABLE journey_transition ADD PRIMARY KEY (journey, change_day, from_stage, to_stage, segment, rule_set,
    dwell_days, cohort);
