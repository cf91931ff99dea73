-- A revision per journey, day of moves and writer (see JourneyCountTables): each group
-- commit that adds moves of a day raises its writer's revision of that day in the same
-- transaction, so a day's summed revisions change whenever its journey_transition rows do.
-- The analytics keep days they have read in memory and read a day again only when its
-- revisions changed: a window reads today, not the year. A writer is one store of one
-- member's process, so members never wait on each other's revision rows.
CREATE TABLE journey_day_revision (
    journey    VARCHAR(512) NOT NULL,
    change_day INT NOT NULL,
    writer     VARCHAR(36) NOT NULL,
    revision   BIGINT NOT NULL,
    PRIMARY KEY (journey, change_day, writer)
);
-- The moves counted before this table existed: one revision each for their days.
INSERT INTO journey_day_revision (journey, change_day, writer, revision)
    SELECT journey, change_day, 'before-V9', 1 FROM journey_transition GROUP BY journey, change_day;
