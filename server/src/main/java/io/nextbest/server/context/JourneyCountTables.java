package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Adds journey counts to the tables {@code journey_transition} and {@code journey_stock}
 * (Flyway V5, V6, V8) inside a group commit's transaction. Counts are added to what is
 * stored, never replaced, so every member of a cluster adds its own to one shared set of
 * rows. Each day a commit adds moves to has its revision raised in
 * {@code journey_day_revision} (V9), in the same transaction, on a row of this writer's
 * own: readers that keep days in memory learn from it which days changed.
 */
final class JourneyCountTables {

	private final String writer = UUID.randomUUID().toString();

	private final String addTransitions;

	private final String raiseRevision;

	private final String addStock;

	JourneyCountTables(boolean embedded) {
		if (embedded) {
			this.addTransitions = "MERGE INTO journey_transition t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
					+ " CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INT),"
					+ " CAST(? AS INT), CAST(? AS BIGINT))) AS s (journey, from_stage, to_stage, change_day, segment,"
					+ " rule_set, dwell_days, cohort, n) ON t.journey = s.journey AND t.from_stage = s.from_stage"
					+ " AND t.to_stage = s.to_stage AND t.change_day = s.change_day AND t.segment = s.segment"
					+ " AND t.rule_set = s.rule_set AND t.dwell_days = s.dwell_days AND t.cohort = s.cohort"
					+ " WHEN MATCHED THEN UPDATE SET transitions = t.transitions + s.n"
					+ " WHEN NOT MATCHED THEN INSERT (journey, from_stage, to_stage, change_day, segment, rule_set,"
					+ " dwell_days, cohort, transitions) VALUES (s.journey, s.from_stage, s.to_stage, s.change_day,"
					+ " s.segment, s.rule_set, s.dwell_days, s.cohort, s.n)";
			this.addStock = "MERGE INTO journey_stock t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
					+ " CAST(? AS INT), CAST(? AS BIGINT))) AS s (journey, stage, entered_day, n)"
					+ " ON t.journey = s.journey AND t.stage = s.stage AND t.entered_day = s.entered_day"
					+ " WHEN MATCHED THEN UPDATE SET customers = t.customers + s.n"
					+ " WHEN NOT MATCHED THEN INSERT (journey, stage, entered_day, customers)"
					+ " VALUES (s.journey, s.stage, s.entered_day, s.n)";
			this.raiseRevision = "MERGE INTO journey_day_revision t USING (VALUES (CAST(? AS VARCHAR),"
					+ " CAST(? AS INT), CAST(? AS VARCHAR))) AS s (journey, change_day, writer)"
					+ " ON t.journey = s.journey AND t.change_day = s.change_day AND t.writer = s.writer"
					+ " WHEN MATCHED THEN UPDATE SET revision = t.revision + 1"
					+ " WHEN NOT MATCHED THEN INSERT (journey, change_day, writer, revision)"
					+ " VALUES (s.journey, s.change_day, s.writer, 1)";
		}
		else {
			this.addTransitions = "INSERT INTO journey_transition (journey, from_stage, to_stage, change_day, segment,"
					+ " rule_set, dwell_days, cohort, transitions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
					+ " ON CONFLICT (journey, from_stage, to_stage, change_day, segment, rule_set, dwell_days, cohort)"
					+ " DO UPDATE SET transitions = journey_transition.transitions + EXCLUDED.transitions";
			this.addStock = "INSERT INTO journey_stock (journey, stage, entered_day, customers) VALUES (?, ?, ?, ?)"
					+ " ON CONFLICT (journey, stage, entered_day)"
					+ " DO UPDATE SET customers = journey_stock.customers + EXCLUDED.customers";
			this.raiseRevision = "INSERT INTO journey_day_revision (journey, change_day, writer, revision)"
					+ " VALUES (?, ?, ?, 1) ON CONFLICT (journey, change_day, writer)"
					+ " DO UPDATE SET revision = journey_day_revision.revision + 1";
		}
	}

	/**
	 * @return the statements that add to the tables, for checking how the database runs
	 * them
	 */
	List<String> statements() {
		return List.of(this.addTransitions, this.addStock, this.raiseRevision);
	}

	/**
	 * Adds a tally's counts, in key order (members lock shared rows in one order).
	 * @param connection the transaction's connection
	 * @param tally the counts
	 * @throws SQLException when the database refuses
	 */
	void add(Connection connection, JourneyTally tally) throws SQLException {
		if (!tally.transitions().isEmpty()) {
			try (PreparedStatement add = connection.prepareStatement(this.addTransitions)) {
				for (Map.Entry<JourneyTally.TransitionKey, Long> row : tally.transitions().entrySet()) {
					JourneyTally.TransitionKey key = row.getKey();
					add.setString(1, key.journey());
					add.setString(2, key.from());
					add.setString(3, key.to());
					add.setInt(4, key.day());
					add.setString(5, key.segment());
					add.setString(6, key.ruleSet());
					add.setInt(7, key.dwellDays());
					add.setInt(8, key.cohort());
					add.setLong(9, row.getValue());
					add.addBatch();
				}
				add.executeBatch();
			}
			raiseRevisions(connection, tally);
		}
		Map<JourneyTally.StockKey, Long> stock = tally.stock();
		if (!stock.isEmpty()) {
			try (PreparedStatement add = connection.prepareStatement(this.addStock)) {
				for (Map.Entry<JourneyTally.StockKey, Long> row : stock.entrySet()) {
					add.setString(1, row.getKey().journey());
					add.setString(2, row.getKey().stage());
					add.setInt(3, row.getKey().enteredDay());
					add.setLong(4, row.getValue());
					add.addBatch();
				}
				add.executeBatch();
			}
		}
	}

	private void raiseRevisions(Connection connection, JourneyTally tally) throws SQLException {
		SortedSet<JourneyDay> days = new TreeSet<>();
		for (JourneyTally.TransitionKey key : tally.transitions().keySet()) {
			days.add(new JourneyDay(key.journey(), key.day()));
		}
		try (PreparedStatement raise = connection.prepareStatement(this.raiseRevision)) {
			for (JourneyDay day : days) {
				raise.setString(1, day.journey());
				raise.setInt(2, day.day());
				raise.setString(3, this.writer);
				raise.addBatch();
			}
			raise.executeBatch();
		}
	}

	private record JourneyDay(String journey, int day) implements Comparable<JourneyDay> {

		@Override
		public int compareTo(JourneyDay other) {
			int byJourney = this.journey.compareTo(other.journey);
			return (byJourney != 0) ? byJourney : Integer.compare(this.day, other.day);
		}

	}

}
