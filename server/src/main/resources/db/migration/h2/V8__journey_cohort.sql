-- The month customers entered the journey (their cohort) on each move, as yyyymm (0 when
-- not known: moves counted before it was kept, or of customers who entered before), so that
-- funnels can be split by cohort. Part of the key: rows of a cohort add up on their own.
ALTER TABLE journey_transition ADD COLUMN cohort INT DEFAULT 0 NOT NULL;
ALTER TABLE journey_transition DROP PRIMARY KEY;
ALTER TABLE journey_transition ADD PRIMARY KEY (journey, from_stage, to_stage, change_day, segment, rule_set,
    dwell_days, cohort);
