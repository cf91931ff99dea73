package io.nextbest.server.journeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.facts.Stage;
import io.nextbest.server.context.ContextRanges;

/**
 * Recounts a journey's stock and moves from the stored contexts and compares them with
 * the counts kept where the events were applied: the check that the counts are exact. The
 * stock is recounted from the positions the counting marked as counted in, the moves from
 * the stage histories. Writes nothing.
 */
public final class JourneyVerification {

	private static final String STOCK = "SELECT stage, entered_day, customers FROM journey_stock"
			+ " WHERE journey = ? AND customers <> 0";

	private static final String MOVES = "SELECT from_stage, to_stage, change_day, SUM(transitions)"
			+ " FROM journey_transition WHERE journey = ? GROUP BY from_stage, to_stage, change_day";

	/** Customers per query to the store. */
	private static final int READ_PAGE = 1_000;

	private final DataSource dataSource;

	private final ContextRanges store;

	private final JourneyAnalytics analytics;

	/**
	 * @param dataSource the durable store with the journey counts
	 * @param store its stored contexts
	 * @param analytics the journeys
	 */
	public JourneyVerification(DataSource dataSource, ContextRanges store, JourneyAnalytics analytics) {
		this.dataSource = dataSource;
		this.store = store;
		this.analytics = analytics;
	}

	/**
	 * @param journey a journey listed in journeys.yaml
	 * @return what differs
	 * @throws UnknownJourneyException when it is not listed
	 */
	public Report verify(String journey) {
		this.analytics.journey(journey);
		Map<Key, long[]> stock = new TreeMap<>();
		Map<Key, long[]> moves = new TreeMap<>();
		long[] full = { 0 };
		long read = this.store.read(new ContextRanges.KeyRange(null, null), READ_PAGE, (contexts) -> {
			for (CustomerContext context : contexts) {
				for (JourneyPosition position : context.journeys()) {
					if (position.journey().equals(journey) && position.counted()) {
						count(stock, new Key(null, position.stage(), JourneyAnalytics.day(position.since())), 1, 1);
					}
				}
				for (StageChange change : context.stageHistory()) {
					if (change.journey().equals(journey)) {
						count(moves, new Key(change.from(), change.to(), JourneyAnalytics.day(change.at())), 1, 1);
					}
				}
				if (context.stageHistory().size() >= CustomerContext.MAX_STAGE_HISTORY) {
					full[0]++;
				}
			}
		}, () -> false);
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement select = connection.prepareStatement(STOCK)) {
				select.setString(1, journey);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						count(stock, new Key(null, Stage.valueOf(rows.getString(1)), rows.getInt(2)), 0,
								rows.getLong(3));
					}
				}
			}
			try (PreparedStatement select = connection.prepareStatement(MOVES)) {
				select.setString(1, journey);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						String from = rows.getString(1);
						count(moves, new Key(from.isEmpty() ? null : Stage.valueOf(from),
								Stage.valueOf(rows.getString(2)), rows.getInt(3)), 0, rows.getLong(4));
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the journey counts", ex);
		}
		return new Report(read, full[0], differences(stock), differences(moves));
	}

	/** Adds to the kept (0) or recounted (1) count of a key. */
	private static void count(Map<Key, long[]> counts, Key key, int which, long n) {
		counts.computeIfAbsent(key, (k) -> new long[2])[which] += n;
	}

	private static List<Difference> differences(Map<Key, long[]> counts) {
		List<Difference> differences = new ArrayList<>();
		counts.forEach((key, n) -> {
			if (n[0] != n[1]) {
				differences.add(new Difference(key.from(), key.stage(), key.day(), n[0], n[1]));
			}
		});
		return List.copyOf(differences);
	}

	private record Key(Stage from, Stage stage, int day) implements Comparable<Key> {

		@Override
		public int compareTo(Key other) {
			int c = Integer.compare(this.day, other.day);
			c = (c != 0) ? c : Integer.compare(ordinal(this.from), ordinal(other.from));
			return (c != 0) ? c : this.stage.compareTo(other.stage);
		}

		private static int ordinal(Stage stage) {
			return (stage != null) ? stage.ordinal() : -1;
		}

	}

	/**
	 * A count that differs.
	 *
	 * @param from the stage left (moves), null on entering or for the stock
	 * @param stage the stage in (stock) or reached (moves)
	 * @param day the UTC day, in days since 1970-01-01
	 * @param kept in the journey counts
	 * @param recounted from the stored contexts
	 */
	public record Difference(Stage from, Stage stage, int day, long kept, long recounted) {
	}

	/**
	 * @param customersRead stored customers read
	 * @param fullHistories customers whose stage history is full
	 * @param stock the stock counts that differ
	 * @param moves the move counts that differ
	 */
	public record Report(long customersRead, long fullHistories, List<Difference> stock, List<Difference> moves) {
	}

}
