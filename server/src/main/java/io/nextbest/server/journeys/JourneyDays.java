package io.nextbest.server.journeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.nextbest.facts.Stage;

/**
 * The {@code journey_transition} rows of a journey's days, kept in memory once read and
 * read again only when a day's revisions ({@code journey_day_revision}, raised by every
 * commit that adds moves to the day) have changed since. A year's window then reads the
 * revisions of its days and the rows of the days that changed, typically today, instead
 * of a year of rows: the rows are the stage pairs × dwell buckets × segments × rule set
 * versions × cohorts of each day, about 1,700 a day for a million customers.
 *
 * <p>
 * The revisions are read before the rows, so rows kept under a revision are never older
 * than it: a commit in between makes the day read again next time, never missed. Holds at
 * most {@code capacityRows} rows (about 30 bytes each), dropping the days least recently
 * used; with 0 it keeps nothing and reads every day of every window.
 */
final class JourneyDays {

	private static final String REVISIONS = "SELECT change_day, SUM(revision) FROM journey_day_revision"
			+ " WHERE journey = ? AND change_day BETWEEN ? AND ? GROUP BY change_day";

	private static final String ROWS = "SELECT from_stage, to_stage, dwell_days, segment, rule_set, cohort, transitions"
			+ " FROM journey_transition WHERE journey = ? AND change_day = ?";

	private final long capacityRows;

	private final LinkedHashMap<DayKey, Day> days = new LinkedHashMap<>(64, 0.75f, true);

	/** Segment and rule set values, each kept once and numbered. */
	private final Map<String, Integer> valueIds = new HashMap<>();

	private final List<String> values = new ArrayList<>();

	private long rows;

	JourneyDays(long capacityRows) {
		this.capacityRows = capacityRows;
	}

	/**
	 * The rows of the days of a window that have moves.
	 * @param connection a connection to read with
	 * @param journey the journey
	 * @param fromDay the first day
	 * @param untilDay the last day
	 * @return the days, in order
	 * @throws SQLException when the database refuses
	 */
	List<Day> window(Connection connection, String journey, int fromDay, int untilDay) throws SQLException {
		SortedMap<Integer, Long> revisions = new TreeMap<>();
		try (PreparedStatement select = connection.prepareStatement(REVISIONS)) {
			select.setString(1, journey);
			select.setInt(2, fromDay);
			select.setInt(3, untilDay);
			try (ResultSet result = select.executeQuery()) {
				while (result.next()) {
					revisions.put(result.getInt(1), result.getLong(2));
				}
			}
		}
		List<Day> window = new ArrayList<>(revisions.size());
		try (PreparedStatement select = connection.prepareStatement(ROWS)) {
			for (Map.Entry<Integer, Long> revision : revisions.entrySet()) {
				DayKey key = new DayKey(journey, revision.getKey());
				Day day = kept(key, revision.getValue());
				if (day == null) {
					day = read(select, key, revision.getValue());
					keep(key, day);
				}
				window.add(day);
			}
		}
		return window;
	}

	/**
	 * @param id a segment or rule set value's number in {@link Day}
	 * @return the value
	 */
	synchronized String value(int id) {
		return this.values.get(id);
	}

	private synchronized Day kept(DayKey key, long revision) {
		Day day = this.days.get(key);
		return (day != null && day.revision() == revision) ? day : null;
	}

	private synchronized void keep(DayKey key, Day day) {
		Day before = this.days.remove(key);
		if (before != null) {
			this.rows -= before.size();
		}
		if (day.size() > this.capacityRows) {
			return;
		}
		this.days.put(key, day);
		this.rows += day.size();
		Iterator<Map.Entry<DayKey, Day>> eldest = this.days.entrySet().iterator();
		while (this.rows > this.capacityRows) {
			this.rows -= eldest.next().getValue().size();
			eldest.remove();
		}
	}

	private synchronized int valueId(String value) {
		Integer id = this.valueIds.get(value);
		if (id == null) {
			id = this.values.size();
			this.values.add(value);
			this.valueIds.put(value, id);
		}
		return id;
	}

	private Day read(PreparedStatement select, DayKey key, long revision) throws SQLException {
		select.setString(1, key.journey());
		select.setInt(2, key.day());
		Builder day = new Builder();
		try (ResultSet result = select.executeQuery()) {
			while (result.next()) {
				String from = result.getString(1);
				day.add(from.isEmpty() ? -1 : Stage.valueOf(from).ordinal(),
						Stage.valueOf(result.getString(2)).ordinal(), result.getInt(3), valueId(result.getString(4)),
						valueId(result.getString(5)), result.getInt(6), result.getLong(7));
			}
		}
		return day.build(key.day(), revision);
	}

	private record DayKey(String journey, int day) {
	}

	/**
	 * One day's rows of a journey, column by column.
	 *
	 * @param day the day
	 * @param revision its summed revisions when read
	 * @param from the stage left's ordinal per row, -1 on entry
	 * @param to the stage reached's ordinal
	 * @param dwellDays the dwell bucket
	 * @param segment the segment value's number ({@link JourneyDays#value})
	 * @param ruleSet the rule set version's number
	 * @param cohort the cohort, yyyymm or 0
	 * @param transitions the moves
	 */
	record Day(int day, long revision, byte[] from, byte[] to, int[] dwellDays, int[] segment, int[] ruleSet,
			int[] cohort, long[] transitions) {

		int size() {
			return this.transitions.length;
		}

	}

	private static final class Builder {

		private int size;

		private byte[] from = new byte[64];

		private byte[] to = new byte[64];

		private int[] dwellDays = new int[64];

		private int[] segment = new int[64];

		private int[] ruleSet = new int[64];

		private int[] cohort = new int[64];

		private long[] transitions = new long[64];

		void add(int fromStage, int toStage, int dwell, int segmentId, int ruleSetId, int cohortMonth, long moves) {
			if (this.size == this.transitions.length) {
				int grown = this.size * 2;
				this.from = Arrays.copyOf(this.from, grown);
				this.to = Arrays.copyOf(this.to, grown);
				this.dwellDays = Arrays.copyOf(this.dwellDays, grown);
				this.segment = Arrays.copyOf(this.segment, grown);
				this.ruleSet = Arrays.copyOf(this.ruleSet, grown);
				this.cohort = Arrays.copyOf(this.cohort, grown);
				this.transitions = Arrays.copyOf(this.transitions, grown);
			}
			this.from[this.size] = (byte) fromStage;
			this.to[this.size] = (byte) toStage;
			this.dwellDays[this.size] = dwell;
			this.segment[this.size] = segmentId;
			this.ruleSet[this.size] = ruleSetId;
			this.cohort[this.size] = cohortMonth;
			this.transitions[this.size] = moves;
			this.size++;
		}

		Day build(int day, long revision) {
			int n = this.size;
			return new Day(day, revision, Arrays.copyOf(this.from, n), Arrays.copyOf(this.to, n),
					Arrays.copyOf(this.dwellDays, n), Arrays.copyOf(this.segment, n), Arrays.copyOf(this.ruleSet, n),
					Arrays.copyOf(this.cohort, n), Arrays.copyOf(this.transitions, n));
		}

	}

}
