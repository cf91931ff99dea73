-- Journey transitions, summed (see JourneyCountTables): how many customers moved from one
-- stage of a journey to another on a day, by segment, rule set version and time spent in
-- the stage left (DwellDays buckets). No customer ids: rows grow with journeys, stages,
-- segments and days, not with customers. from_stage is '' when the customer entered the
-- journey; change_day counts days since 1970-01-01 (UTC).
CREATE TABLE journey_transition (
    journey     VARCHAR(512) NOT NULL,
    from_stage  VARCHAR(32) NOT NULL,
    to_stage    VARCHAR(32) NOT NULL,
    change_day  INT NOT NULL,
    segment     VARCHAR(1024) NOT NULL,
    rule_set    VARCHAR(64) NOT NULL,
    dwell_days  INT NOT NULL,
    transitions BIGINT NOT NULL,
    PRIMARY KEY (journey, from_stage, to_stage, change_day, segment, rule_set, dwell_days)
);
