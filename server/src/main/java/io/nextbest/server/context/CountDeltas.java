package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;

import io.nextbest.server.context.stored.StoredAnswerCount;
import io.nextbest.server.context.stored.StoredCounts;
import io.nextbest.server.context.stored.StoredRecoveryCount;
import io.nextbest.server.context.stored.StoredStockCount;
import io.nextbest.server.context.stored.StoredTransitionCount;

/**
 * The table {@code count_delta} (Flyway V11): each group commit appends its journey and
 * voice counts there as one row ({@code nba.store.v1.StoredCounts}), in its own
 * transaction, and a fold adds rows to the count tables ({@link JourneyCountTables},
 * {@link VoiceCountTables}) and deletes them in another. So a commit of contexts costs
 * one insert for its counts rather than a lookup and an update per counted row, a fold
 * sums many commits before it writes (moves of one day, stage pair and segment share a
 * row), and every row is added exactly once, whatever crashes in between.
 * <p>
 * Folds lock the rows they take: on a shared database each member's folds take rows no
 * other member holds ({@code SKIP LOCKED}), while a reader's fold ({@link #fold} with
 * {@code wait}) waits for rows being added elsewhere, so that it reads every count
 * committed before it started.
 */
final class CountDeltas {

	/** The most rows one fold's transaction takes. */
	static final int FOLD_ROWS = 500;

	private static final String APPEND = "INSERT INTO count_delta (counts) VALUES (?)";

	private static final String LAST = "SELECT MAX(id) FROM count_delta";

	private static final String TAKE = "SELECT id, counts FROM count_delta WHERE id <= ? ORDER BY id LIMIT " + FOLD_ROWS
			+ " FOR UPDATE";

	private static final String TAKE_FREE = TAKE + " SKIP LOCKED";

	private static final String DELETE = "DELETE FROM count_delta WHERE id = ?";

	private final JourneyCountTables journeyCounts;

	private final VoiceCountTables voiceCounts;

	CountDeltas(boolean embedded) {
		this.journeyCounts = new JourneyCountTables(embedded);
		this.voiceCounts = new VoiceCountTables(embedded);
	}

	/**
	 * Appends a commit's counts.
	 * @param connection the commit's connection, in its transaction
	 * @param tally the counts
	 * @throws SQLException when the database refuses
	 */
	void append(Connection connection, JourneyTally tally) throws SQLException {
		try (PreparedStatement append = connection.prepareStatement(APPEND)) {
			append.setBytes(1, encode(tally));
			append.executeUpdate();
		}
	}

	/**
	 * @param connection a connection
	 * @return the id of the newest row, 0 when there is none
	 * @throws SQLException when the database refuses
	 */
	long last(Connection connection) throws SQLException {
		try (PreparedStatement last = connection.prepareStatement(LAST); ResultSet row = last.executeQuery()) {
			return row.next() ? row.getLong(1) : 0;
		}
	}

	/**
	 * Takes up to {@link #FOLD_ROWS} rows, oldest first, adds their sum to the count
	 * tables and deletes them, in the connection's transaction (the caller commits).
	 * @param connection a connection in a transaction
	 * @param throughId the newest row to take
	 * @param wait whether to wait for rows another transaction holds (else skip them)
	 * @return how many rows were taken
	 * @throws SQLException when the database refuses
	 */
	int fold(Connection connection, long throughId, boolean wait) throws SQLException {
		JourneyTally sum = new JourneyTally();
		List<Long> taken = new ArrayList<>();
		try (PreparedStatement take = connection.prepareStatement(wait ? TAKE : TAKE_FREE)) {
			take.setLong(1, throughId);
			try (ResultSet rows = take.executeQuery()) {
				while (rows.next()) {
					taken.add(rows.getLong(1));
					sum.add(decode(rows.getBytes(2)));
				}
			}
		}
		if (taken.isEmpty()) {
			return 0;
		}
		this.journeyCounts.add(connection, sum);
		this.voiceCounts.add(connection, sum.voice());
		try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
			for (long id : taken) {
				delete.setLong(1, id);
				delete.addBatch();
			}
			delete.executeBatch();
		}
		return taken.size();
	}

	/**
	 * @param tally a commit's counts
	 * @return their stored form
	 */
	static byte[] encode(JourneyTally tally) {
		StoredCounts.Builder counts = StoredCounts.newBuilder();
		for (Map.Entry<JourneyTally.TransitionKey, Long> row : tally.transitions().entrySet()) {
			JourneyTally.TransitionKey key = row.getKey();
			counts.addTransitions(StoredTransitionCount.newBuilder()
				.setJourney(key.journey())
				.setFromStage(key.from())
				.setToStage(key.to())
				.setChangeDay(key.day())
				.setSegment(key.segment())
				.setRuleSet(key.ruleSet())
				.setDwellDays(key.dwellDays())
				.setCohort(key.cohort())
				.setTransitions(row.getValue()));
		}
		for (Map.Entry<JourneyTally.StockKey, Long> row : tally.stock().entrySet()) {
			JourneyTally.StockKey key = row.getKey();
			counts.addStock(StoredStockCount.newBuilder()
				.setJourney(key.journey())
				.setStage(key.stage())
				.setEnteredDay(key.enteredDay())
				.setCustomers(row.getValue()));
		}
		VoiceTally voice = tally.voice();
		if (voice != null) {
			for (Map.Entry<VoiceTally.AnswerKey, Long> row : voice.answers().entrySet()) {
				VoiceTally.AnswerKey key = row.getKey();
				counts.addAnswers(StoredAnswerCount.newBuilder()
					.setJourney(key.journey())
					.setStage(key.stage())
					.setChannel(key.channel())
					.setAnswerDay(key.day())
					.setSurvey(key.survey())
					.setScore(key.score())
					.setSegment(key.segment())
					.setRuleSet(key.ruleSet())
					.setAnswers(row.getValue()));
			}
			for (Map.Entry<VoiceTally.RecoveryKey, Long> row : voice.recovered().entrySet()) {
				VoiceTally.RecoveryKey key = row.getKey();
				counts.addRecovered(StoredRecoveryCount.newBuilder()
					.setJourney(key.journey())
					.setStage(key.stage())
					.setChannel(key.channel())
					.setAnswerDay(key.day())
					.setRecovered(row.getValue()));
			}
		}
		return counts.build().toByteArray();
	}

	/**
	 * @param stored counts in their stored form
	 * @return the counts
	 */
	static JourneyTally decode(byte[] stored) {
		StoredCounts counts;
		try {
			counts = StoredCounts.parseFrom(stored);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new DurableStoreException("A row of count_delta is not a StoredCounts message", ex);
		}
		JourneyTally tally = new JourneyTally();
		for (StoredTransitionCount row : counts.getTransitionsList()) {
			tally.transition(new JourneyTally.TransitionKey(row.getJourney(), row.getFromStage(), row.getToStage(),
					row.getChangeDay(), row.getSegment(), row.getRuleSet(), row.getDwellDays(), row.getCohort()),
					row.getTransitions());
		}
		for (StoredStockCount row : counts.getStockList()) {
			tally.stock(new JourneyTally.StockKey(row.getJourney(), row.getStage(), row.getEnteredDay()),
					row.getCustomers());
		}
		if (counts.getAnswersCount() > 0 || counts.getRecoveredCount() > 0) {
			VoiceTally voice = new VoiceTally();
			for (StoredAnswerCount row : counts.getAnswersList()) {
				voice.answer(new VoiceTally.AnswerKey(row.getJourney(), row.getStage(), row.getChannel(),
						row.getAnswerDay(), row.getSurvey(), row.getScore(), row.getSegment(), row.getRuleSet()),
						row.getAnswers());
			}
			for (StoredRecoveryCount row : counts.getRecoveredList()) {
				voice.recovered(new VoiceTally.RecoveryKey(row.getJourney(), row.getStage(), row.getChannel(),
						row.getAnswerDay()), row.getRecovered());
			}
			tally = JourneyTally.withVoice(tally, voice);
		}
		return tally;
	}

}
