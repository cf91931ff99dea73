package io.nextbest.server.journeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Stage;

/**
 * Answers the analytics questions from the durable journey counts
 * ({@code journey_transition}, {@code journey_stock}) and the expectations of the serving
 * rule set. A query reads rows bounded by stages, segments, rule set versions, days and
 * time buckets, never by customers; the days of moves already read are kept in memory
 * ({@link JourneyDays}), so a window reads again only the days that changed since.
 */
public final class JourneyAnalytics {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final String STOCK = "SELECT stage, entered_day, customers FROM journey_stock"
			+ " WHERE journey = ? AND customers <> 0";

	/**
	 * Rows of days kept in memory by default: about 60 MB, three times a year of a
	 * million customers' moves.
	 */
	public static final long DEFAULT_KEPT_ROWS = 2_000_000;

	private final DataSource dataSource;

	private final Supplier<RuleSet> ruleSet;

	private final Clock clock;

	private final JourneyDays days;

	/**
	 * Keeps up to {@link #DEFAULT_KEPT_ROWS} rows of days in memory.
	 * @param dataSource the durable store
	 * @param ruleSet the serving rule set, for the expectations
	 * @param clock what "now" is
	 */
	public JourneyAnalytics(DataSource dataSource, Supplier<RuleSet> ruleSet, Clock clock) {
		this(dataSource, ruleSet, clock, DEFAULT_KEPT_ROWS);
	}

	/**
	 * @param dataSource the durable store
	 * @param ruleSet the serving rule set, for the expectations
	 * @param clock what "now" is
	 * @param keptRows at most how many {@code journey_transition} rows of the days read
	 * to keep in memory (0: none, every window reads all its days)
	 */
	public JourneyAnalytics(DataSource dataSource, Supplier<RuleSet> ruleSet, Clock clock, long keptRows) {
		this.dataSource = dataSource;
		this.ruleSet = ruleSet;
		this.clock = clock;
		this.days = new JourneyDays(keptRows);
	}

	/**
	 * @param journey a journey name
	 * @return its definition in the serving rule set
	 * @throws UnknownJourneyException when journeys.yaml does not list it
	 */
	public JourneyMap.JourneyDefinition journey(String journey) {
		JourneyMap.JourneyDefinition definition = this.ruleSet.get().journeys().get(journey);
		if (definition == null) {
			throw new UnknownJourneyException(journey,
					this.ruleSet.get().journeys().all().stream().map(JourneyMap.JourneyDefinition::name).toList());
		}
		return definition;
	}

	/**
	 * @return the journeys listed in the serving rule set
	 */
	public java.util.Collection<JourneyMap.JourneyDefinition> journeys() {
		return this.ruleSet.get().journeys().all();
	}

	/**
	 * @return today, in days since 1970-01-01 (UTC)
	 */
	public int today() {
		return day(this.clock.millis());
	}

	/**
	 * @param epochMillis an instant
	 * @return its day, in days since 1970-01-01 (UTC)
	 */
	public static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY);
	}

	/**
	 * The moves of a journey over a window.
	 * @param journey the journey
	 * @param fromDay the first day
	 * @param untilDay the last day
	 * @param grouping how to split them
	 * @return the moves, by group, from and to
	 */
	public List<Move> moves(String journey, int fromDay, int untilDay, Grouping grouping) {
		journey(journey);
		// Summed by group, stage left, stage reached and dwell bucket, packed in a long.
		Map<Long, long[]> sums = new HashMap<>();
		for (JourneyDays.Day day : days(journey, fromDay, untilDay)) {
			for (int row = 0; row < day.size(); row++) {
				long group = switch (grouping) {
					case NONE -> 0;
					case SEGMENT -> day.segment()[row];
					case RULE_SET -> day.ruleSet()[row];
					case COHORT -> day.cohort()[row];
				};
				long cell = (group << 32) | ((day.from()[row] + 1L) << 24) | ((long) day.to()[row] << 16)
						| day.dwellDays()[row];
				sums.computeIfAbsent(cell, (c) -> new long[1])[0] += day.transitions()[row];
			}
		}
		Stage[] stages = Stage.values();
		List<Move> moves = new ArrayList<>(sums.size());
		sums.forEach((cell, n) -> {
			int group = (int) (cell >>> 32);
			int from = (int) ((cell >>> 24) & 0xFF) - 1;
			moves.add(new Move(switch (grouping) {
				case NONE -> "";
				case SEGMENT, RULE_SET -> this.days.value(group);
				case COHORT -> cohort(group);
			}, (from < 0) ? null : stages[from], stages[(int) ((cell >>> 16) & 0xFF)], (int) (cell & 0xFFFF), n[0]));
		});
		moves.sort(Comparator.comparing(Move::group)
			.thenComparing(Move::from, Comparator.nullsFirst(Comparator.naturalOrder()))
			.thenComparing(Move::to)
			.thenComparingInt(Move::dwellDays));
		return moves;
	}

	private List<JourneyDays.Day> days(String journey, int fromDay, int untilDay) {
		try (Connection connection = this.dataSource.getConnection()) {
			return this.days.window(connection, journey, fromDay, untilDay);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the journey counts", ex);
		}
	}

	/**
	 * A journey day by day over a window: the moves into each stage per day, and each
	 * rule set version in force at the moves.
	 * @param journey the journey
	 * @param fromDay the first day
	 * @param untilDay the last day
	 * @return the days with moves, in order, and the rule sets by their first day
	 */
	public Timeline timeline(String journey, int fromDay, int untilDay) {
		journey(journey);
		List<Day> list = new ArrayList<>();
		Map<Integer, long[]> ruleSets = new HashMap<>();
		for (JourneyDays.Day day : days(journey, fromDay, untilDay)) {
			long[] entered = new long[Stage.values().length];
			for (int row = 0; row < day.size(); row++) {
				entered[day.to()[row]] += day.transitions()[row];
				long[] span = ruleSets.computeIfAbsent(day.ruleSet()[row],
						(r) -> new long[] { day.day(), day.day(), 0 });
				span[0] = Math.min(span[0], day.day());
				span[1] = Math.max(span[1], day.day());
				span[2] += day.transitions()[row];
			}
			list.add(new Day(day.day(), entered));
		}
		List<RuleSetSpan> spans = new ArrayList<>(ruleSets.size());
		ruleSets.forEach(
				(id, span) -> spans.add(new RuleSetSpan(this.days.value(id), (int) span[0], (int) span[1], span[2])));
		spans.sort(Comparator.comparingInt(RuleSetSpan::firstDay).thenComparing(RuleSetSpan::version));
		return new Timeline(List.copyOf(list), List.copyOf(spans));
	}

	/**
	 * The customers of a journey in each stage now.
	 * @param journey the journey
	 * @return per stage, in journey order
	 */
	public List<StockStage> stock(String journey) {
		JourneyMap.JourneyDefinition definition = journey(journey);
		long[] customers = new long[Stage.values().length];
		long[] overdue = new long[customers.length];
		int today = today();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(STOCK)) {
			select.setString(1, journey);
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					Stage stage = Stage.valueOf(rows.getString(1));
					long n = rows.getLong(3);
					customers[stage.ordinal()] += n;
					JourneyMap.StageExpectation expected = definition.stage(stage);
					if (expected != null && today - rows.getInt(2) > expected.lateAfterDays()) {
						overdue[stage.ordinal()] += n;
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the journey counts", ex);
		}
		List<StockStage> stages = new ArrayList<>();
		for (Stage stage : Stage.values()) {
			JourneyMap.StageExpectation expected = definition.stage(stage);
			stages.add(new StockStage(stage, customers[stage.ordinal()], overdue[stage.ordinal()],
					(expected != null) ? expected.lateAfterDays() : 0));
		}
		return stages;
	}

	/**
	 * The funnel of a journey over a window.
	 * @param journey the journey
	 * @param fromDay the first day
	 * @param untilDay the last day
	 * @param grouping how to split it
	 * @return one funnel per group, in group order
	 */
	public SortedMap<String, List<FunnelStage>> funnel(String journey, int fromDay, int untilDay, Grouping grouping) {
		JourneyMap.JourneyDefinition definition = journey(journey);
		SortedMap<String, List<Move>> byGroup = new TreeMap<>();
		for (Move move : moves(journey, fromDay, untilDay, grouping)) {
			byGroup.computeIfAbsent(move.group(), (g) -> new ArrayList<>()).add(move);
		}
		if (byGroup.isEmpty()) {
			byGroup.put("", List.of());
		}
		List<StockStage> stock = byGroup.containsKey("") ? stock(journey) : null;
		SortedMap<String, List<FunnelStage>> funnels = new TreeMap<>();
		byGroup
			.forEach((group, moves) -> funnels.put(group, stages(definition, moves, group.isEmpty() ? stock : null)));
		return funnels;
	}

	private static List<FunnelStage> stages(JourneyMap.JourneyDefinition definition, List<Move> moves,
			List<StockStage> stock) {
		List<FunnelStage> stages = new ArrayList<>();
		for (Stage stage : Stage.values()) {
			long entered = 0;
			long advanced = 0;
			long regressed = 0;
			long skipped = 0;
			long onTime = 0;
			SortedMap<Integer, Long> dwell = new TreeMap<>();
			JourneyMap.StageExpectation expected = definition.stage(stage);
			for (Move move : moves) {
				if (move.to() == stage) {
					entered += move.moves();
				}
				if (move.from() == stage) {
					if (move.to().ordinal() > stage.ordinal()) {
						advanced += move.moves();
					}
					else {
						regressed += move.moves();
					}
					dwell.merge(move.dwellDays(), move.moves(), Long::sum);
					if (expected != null && move.dwellDays() <= expected.expectedDays()) {
						onTime += move.moves();
					}
				}
				else if (move.from() != null && move.from().ordinal() < stage.ordinal()
						&& move.to().ordinal() > stage.ordinal()) {
					skipped += move.moves();
				}
			}
			long left = advanced + regressed;
			StockStage now = (stock != null) ? stock.get(stage.ordinal()) : null;
			stages.add(new FunnelStage(stage, entered, advanced, regressed, skipped,
					(entered > 0) ? (double) advanced / entered : 0,
					(expected != null) ? expected.conversionTarget() : null, percentile(dwell, left, 0.5),
					percentile(dwell, left, 0.9), (expected != null) ? expected.expectedDays() : 0,
					(expected != null) ? expected.lateAfterDays() : 0,
					(left > 0 && expected != null) ? (double) onTime / left : 0, (now != null) ? now.customers() : 0,
					(now != null) ? now.overdue() : 0));
		}
		return stages;
	}

	/** The nearest-rank percentile of a histogram, 0 when empty. */
	static int percentile(SortedMap<Integer, Long> histogram, long total, double p) {
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(p * total);
		long seen = 0;
		for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
			seen += bucket.getValue();
			if (seen >= rank) {
				return bucket.getKey();
			}
		}
		return histogram.lastKey();
	}

	private static String cohort(int yyyymm) {
		return (yyyymm == 0) ? "unknown"
				: String.format(java.util.Locale.ROOT, "%04d-%02d", yyyymm / 100, yyyymm % 100);
	}

	/** What figures are split by. */
	public enum Grouping {

		/** One group, "". */
		NONE,

		/** The segment values at the move. */
		SEGMENT,

		/** The rule set version at the move. */
		RULE_SET,

		/** The month the customer entered the journey, yyyy-mm, or "unknown". */
		COHORT

	}

	/**
	 * A journey day by day.
	 *
	 * @param days the days with moves, in order
	 * @param ruleSets the rule set versions in force at the moves, by first day
	 */
	public record Timeline(List<Day> days, List<RuleSetSpan> ruleSets) {
	}

	/**
	 * One day's moves.
	 *
	 * @param day the day
	 * @param entered moves into each stage, by stage ordinal
	 */
	public record Day(int day, long[] entered) {
	}

	/**
	 * A rule set version and the days it was in force at a move.
	 *
	 * @param version its content hash
	 * @param firstDay the first such day
	 * @param lastDay the last such day
	 * @param moves moves made under it
	 */
	public record RuleSetSpan(String version, int firstDay, int lastDay, long moves) {
	}

	/**
	 * Moves from one stage to another.
	 *
	 * @param group the group
	 * @param from the stage left, null on entry
	 * @param to the stage reached
	 * @param dwellDays the time in the stage left, as a bucket
	 * @param moves how many
	 */
	public record Move(String group, Stage from, Stage to, int dwellDays, long moves) {
	}

	/**
	 * Customers in a stage now.
	 *
	 * @param stage the stage
	 * @param customers how many
	 * @param overdue how many for more than the late-after days
	 * @param lateAfterDays the late-after days, 0 when not planned
	 */
	public record StockStage(Stage stage, long customers, long overdue, int lateAfterDays) {
	}

	/**
	 * One stage of a funnel.
	 *
	 * @param stage the stage
	 * @param entered moves into it
	 * @param advanced moves out of it to a later stage
	 * @param regressed moves out of it to an earlier stage
	 * @param skipped moves over it
	 * @param conversion advanced / entered
	 * @param conversionTarget the target, or null
	 * @param dwellP50Days median days in it of those who left
	 * @param dwellP90Days 90th percentile of the same
	 * @param expectedDays the expected days, 0 when not planned
	 * @param lateAfterDays the late-after days, 0 when not planned
	 * @param onTimeRate share of those who left within the expected days
	 * @param inStageNow customers in it now (group "" only)
	 * @param overdueNow of those, overdue (group "" only)
	 */
	public record FunnelStage(Stage stage, long entered, long advanced, long regressed, long skipped, double conversion,
			Double conversionTarget, int dwellP50Days, int dwellP90Days, int expectedDays, int lateAfterDays,
			double onTimeRate, long inStageNow, long overdueNow) {
	}

}
