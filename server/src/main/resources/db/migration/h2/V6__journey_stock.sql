-- Customers in each stage of a journey now, by the day they entered it (see
-- JourneyCountTables): one added on entering, one taken away on leaving, so the sum over
-- entry days is the stage's customers and the entry days tell who is overdue. No customer
-- ids.
CREATE TABLE journey_stock (
    journey     VARCHAR(512) NOT NULL,
    stage       VARCHAR(32) NOT NULL,
    entered_day INT NOT NULL,
    customers   BIGINT NOT NULL,
    PRIMARY KEY (journey, stage, entered_day)
);
