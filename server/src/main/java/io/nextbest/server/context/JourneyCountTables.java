package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Adds journey counts to the tables {@code journey_transition} and {@code journey_stock}
 * (Flyway V5, V6, V8) inside a group commit's transaction ({@link CountRows}). Counts are
 * added to what is stored, never replaced, so every member of a cluster adds its own to
 * one shared set of rows.
 */
final class JourneyCountTables {

	private final CountRows<JourneyTally.TransitionKey> transitions;

	private final CountRows<JourneyTally.StockKey> stock;

	JourneyCountTables(boolean embedded) {
		this.transitions = new CountRows<>(embedded, "journey_transition", List.of("journey", "from_stage", "to_stage",
				"change_day", "segment", "rule_set", "dwell_days", "cohort"), "transitions",
				(statement, first, key) -> {
					statement.setString(first, key.journey());
					statement.setString(first + 1, key.from());
					statement.setString(first + 2, key.to());
					statement.setInt(first + 3, key.day());
					statement.setString(first + 4, key.segment());
					statement.setString(first + 5, key.ruleSet());
					statement.setInt(first + 6, key.dwellDays());
					statement.setInt(first + 7, key.cohort());
				});
		this.stock = new CountRows<>(embedded, "journey_stock", List.of("journey", "stage", "entered_day"), "customers",
				(statement, first, key) -> {
					statement.setString(first, key.journey());
					statement.setString(first + 1, key.stage());
					statement.setInt(first + 2, key.enteredDay());
				});
	}

	/**
	 * Adds a tally's counts, in key order (members lock shared rows in one order).
	 * @param connection the transaction's connection
	 * @param tally the counts
	 * @throws SQLException when the database refuses
	 */
	void add(Connection connection, JourneyTally tally) throws SQLException {
		this.transitions.add(connection, tally.transitions());
		this.stock.add(connection, tally.stock());
	}

}
