-- The voice of the customer, summed (see VoiceCountTables): survey answers per journey,
-- stage at the answer, channel the answer was about, day, survey, score, segment and rule
-- set version. Every score has its row, so NPS, CSAT and CES are computed exactly from the
-- counts. journey and stage are '' for an answer of a customer in no journey listed in
-- journeys.yaml, channel '' for an answer that names none; answer_day counts days since
-- 1970-01-01 (UTC). No customer ids.
CREATE TABLE voice_answer (
    journey    VARCHAR(512) NOT NULL,
    stage      VARCHAR(32) NOT NULL,
    channel    VARCHAR(32) NOT NULL,
    answer_day INT NOT NULL,
    survey     VARCHAR(8) NOT NULL,
    score      INT NOT NULL,
    segment    VARCHAR(1024) NOT NULL,
    rule_set   VARCHAR(64) NOT NULL,
    answers    BIGINT NOT NULL,
    PRIMARY KEY (journey, stage, channel, answer_day, survey, score, segment, rule_set)
);
-- Detractors (NPS 0-6) who got a recovery action (actions.yaml 'recovery: true') within the
-- recovery window of their answer, under the answer's journey, stage, channel and day, so
-- that the share recovered is this over the detractors of voice_answer. No customer ids.
CREATE TABLE voice_recovery (
    journey    VARCHAR(512) NOT NULL,
    stage      VARCHAR(32) NOT NULL,
    channel    VARCHAR(32) NOT NULL,
    answer_day INT NOT NULL,
    recovered  BIGINT NOT NULL,
    PRIMARY KEY (journey, stage, channel, answer_day)
);
