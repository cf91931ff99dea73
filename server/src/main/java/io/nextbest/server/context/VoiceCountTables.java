package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Adds voice of the customer counts to the tables {@code voice_answer} and
 * {@code voice_recovery} (Flyway V7) inside a group commit's transaction. Counts are
 * added to what is stored, never replaced, so every member of a cluster adds its own to
 * one shared set of rows.
 */
final class VoiceCountTables {

	private final String addAnswers;

	private final String addRecovered;

	VoiceCountTables(boolean embedded) {
		if (embedded) {
			this.addAnswers = "MERGE INTO voice_answer t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
					+ " CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS VARCHAR),"
					+ " CAST(? AS VARCHAR), CAST(? AS BIGINT))) AS s (journey, stage, channel, answer_day, survey,"
					+ " score, segment, rule_set, n) ON t.journey = s.journey AND t.stage = s.stage"
					+ " AND t.channel = s.channel AND t.answer_day = s.answer_day AND t.survey = s.survey"
					+ " AND t.score = s.score AND t.segment = s.segment AND t.rule_set = s.rule_set"
					+ " WHEN MATCHED THEN UPDATE SET answers = t.answers + s.n"
					+ " WHEN NOT MATCHED THEN INSERT (journey, stage, channel, answer_day, survey, score, segment,"
					+ " rule_set, answers) VALUES (s.journey, s.stage, s.channel, s.answer_day, s.survey, s.score,"
					+ " s.segment, s.rule_set, s.n)";
			this.addRecovered = "MERGE INTO voice_recovery t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
					+ " CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS BIGINT))) AS s (journey, stage, channel,"
					+ " answer_day, n) ON t.journey = s.journey AND t.stage = s.stage AND t.channel = s.channel"
					+ " AND t.answer_day = s.answer_day WHEN MATCHED THEN UPDATE SET recovered = t.recovered + s.n"
					+ " WHEN NOT MATCHED THEN INSERT (journey, stage, channel, answer_day, recovered)"
					+ " VALUES (s.journey, s.stage, s.channel, s.answer_day, s.n)";
		}
		else {
			this.addAnswers = "INSERT INTO voice_answer (journey, stage, channel, answer_day, survey, score, segment,"
					+ " rule_set, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
					+ " ON CONFLICT (journey, stage, channel, answer_day, survey, score, segment, rule_set)"
					+ " DO UPDATE SET answers = voice_answer.answers + EXCLUDED.answers";
			this.addRecovered = "INSERT INTO voice_recovery (journey, stage, channel, answer_day, recovered)"
					+ " VALUES (?, ?, ?, ?, ?) ON CONFLICT (journey, stage, channel, answer_day)"
					+ " DO UPDATE SET recovered = voice_recovery.recovered + EXCLUDED.recovered";
		}
	}

	/**
	 * @return the statements that add to the tables, for checking how the database runs
	 * them
	 */
	List<String> statements() {
		return List.of(this.addAnswers, this.addRecovered);
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
		if (!tally.answers().isEmpty()) {
			try (PreparedStatement add = connection.prepareStatement(this.addAnswers)) {
				for (Map.Entry<VoiceTally.AnswerKey, Long> row : tally.answers().entrySet()) {
					VoiceTally.AnswerKey key = row.getKey();
					add.setString(1, key.journey());
					add.setString(2, key.stage());
					add.setString(3, key.channel());
					add.setInt(4, key.day());
					add.setString(5, key.survey());
					add.setInt(6, key.score());
					add.setString(7, key.segment());
					add.setString(8, key.ruleSet());
					add.setLong(9, row.getValue());
					add.addBatch();
				}
				add.executeBatch();
			}
		}
		if (!tally.recovered().isEmpty()) {
			try (PreparedStatement add = connection.prepareStatement(this.addRecovered)) {
				for (Map.Entry<VoiceTally.RecoveryKey, Long> row : tally.recovered().entrySet()) {
					VoiceTally.RecoveryKey key = row.getKey();
					add.setString(1, key.journey());
					add.setString(2, key.stage());
					add.setString(3, key.channel());
					add.setInt(4, key.day());
					add.setLong(5, row.getValue());
					add.addBatch();
				}
				add.executeBatch();
			}
		}
	}

}
