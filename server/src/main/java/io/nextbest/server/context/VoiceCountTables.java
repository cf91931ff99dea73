package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Adds voice of the customer counts to the tables {@code voice_answer} and
 * {@code voice_recovery} (Flyway V7) inside a group commit's transaction
 * ({@link CountRows}). Counts are added to what is stored, never replaced, so every
 * member of a cluster adds its own to one shared set of rows.
 */
final class VoiceCountTables {

	private final CountRows<VoiceTally.AnswerKey> answers;

	private final CountRows<VoiceTally.RecoveryKey> recovered;

	VoiceCountTables(boolean embedded) {
		this.answers = new CountRows<>(embedded, "voice_answer",
				List.of("journey", "stage", "channel", "answer_day", "survey", "score", "segment", "rule_set"),
				"answers", (statement, first, key) -> {
					statement.setString(first, key.journey());
					statement.setString(first + 1, key.stage());
					statement.setString(first + 2, key.channel());
					statement.setInt(first + 3, key.day());
					statement.setString(first + 4, key.survey());
					statement.setInt(first + 5, key.score());
					statement.setString(first + 6, key.segment());
					statement.setString(first + 7, key.ruleSet());
				});
		this.recovered = new CountRows<>(embedded, "voice_recovery",
				List.of("journey", "stage", "channel", "answer_day"), "recovered", (statement, first, key) -> {
					statement.setString(first, key.journey());
					statement.setString(first + 1, key.stage());
					statement.setString(first + 2, key.channel());
					statement.setInt(first + 3, key.day());
				});
	}

	/**
	 * Adds a tally's counts, in key order (members lock shared rows in one order).
	 * @param connection the transaction's connection
	 * @param tally the counts, or null
	 * @throws SQLException when the database refuses
	 */
	void add(Connection connection, VoiceTally tally) throws SQLException {
		if (tally == null) {
			return;
		}
		this.answers.add(connection, tally.answers());
		this.recovered.add(connection, tally.recovered());
	}

}
