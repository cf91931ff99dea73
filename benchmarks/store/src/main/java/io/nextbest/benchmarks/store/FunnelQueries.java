package io.nextbest.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Stage;
import io.nextbest.server.context.DwellDays;
import io.nextbest.server.journeys.JourneyAnalytics;
import io.nextbest.server.journeys.JourneyAnalytics.Grouping;

/**
 * The journey funnel's cost with a year of a large population's moves: the moves of
 * {@code customers} customers over 365 days, made as the sample journeys.yaml plans them
 * (broadband from awareness on, each stage left after a wait drawn around its expected
 * days, seven in ten going on, one in ten of those in adoption going back), with four
 * segments and other, a rule set version a month, and cohorts by month, summed into
 * {@code journey_transition} rows as the server keeps them, in an embedded H2 store like
 * the server's default. Then {@code Funnel} as {@link JourneyAnalytics} answers it, over
 * the last 90 days and the whole year, unsplit and by segment, rule set and cohort: the
 * query and its arithmetic, without the gRPC call around it (well under a millisecond,
 * see the echo figures).
 */
final class FunnelQueries {

	static final String HEADING = "## Journey funnel over a year of moves";

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final Stage[] PATH = { Stage.AWARENESS, Stage.ENGAGED, Stage.MARKETING_QUALIFIED, Stage.EVALUATION,
			Stage.PURCHASE, Stage.ONBOARDING, Stage.ADOPTION, Stage.VALUE_REALIZATION, Stage.LOYALTY };

	private static final int[] EXPECTED = { 14, 14, 7, 21, 3, 21, 60, 120, 365 };

	private static final String[] SEGMENTS = { "gold", "silver", "bronze", "smb", "other" };

	private FunnelQueries() {
	}

	/**
	 * @param customers how many customers
	 * @param calls timed calls per query shape
	 * @param rules the sample rules folder
	 * @param backfilled whether the rows are written as a backfill would write them (all
	 * at once, in key order) rather than day by day, as live traffic does
	 * @param keptRows rows of days the analytics keep in memory (0: none, every call
	 * reads every day of its window)
	 * @return the figures
	 */
	static Figures measure(int customers, int calls, Path rules, boolean backfilled, long keptRows)
			throws SQLException {
		Instant now = Instant.now();
		int today = (int) Math.floorDiv(now.toEpochMilli(), DAY);
		Path folder = Path.of("benchmarks", "target", "funnel-store");
		deleteTree(folder);
		long[] moves = moves(customers, today, new Random(18));
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:h2:file:" + folder.resolve("nextbest").toAbsolutePath()
					+ ";WRITE_DELAY=0;COMPRESS=TRUE;CACHE_SIZE=4096");
			dataSource.setMaximumPoolSize(2);
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
			long rows = store(dataSource, moves, backfilled);
			RuleSet ruleSet = RuleSetLoader.load(rules, Clock.systemUTC());
			JourneyAnalytics analytics = new JourneyAnalytics(dataSource, () -> ruleSet, Clock.systemUTC(), keptRows);
			List<Shape> shapes = new ArrayList<>();
			try (Connection connection = dataSource.getConnection();
					PreparedStatement write = connection.prepareStatement("UPDATE journey_transition"
							+ " SET transitions = transitions + 1 WHERE journey = 'broadband' AND change_day = ?"
							+ " AND from_stage = '' AND to_stage = 'AWARENESS' AND segment = 'gold'"
							+ " AND rule_set = 'v00' AND dwell_days = 0");
					PreparedStatement raise = connection.prepareStatement("UPDATE journey_day_revision"
							+ " SET revision = revision + 1 WHERE journey = 'broadband' AND change_day = ?")) {
				connection.setAutoCommit(false);
				write.setInt(1, today);
				raise.setInt(1, today);
				Runnable commit = () -> {
					try {
						write.executeUpdate();
						raise.executeUpdate();
						connection.commit();
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				};
				for (int window : new int[] { 90, 365 }) {
					// The first call of a server that has read no day yet.
					JourneyAnalytics fresh = new JourneyAnalytics(dataSource, () -> ruleSet, Clock.systemUTC());
					commit.run();
					long start = System.nanoTime();
					fresh.funnel("broadband", today - window + 1, today, Grouping.NONE);
					double first = (System.nanoTime() - start) / 1e6;
					for (Grouping grouping : Grouping.values()) {
						shapes.add(time(analytics, commit, today - window + 1, today, grouping, window, calls, first));
					}
				}
			}
			dataSource.close();
			return new Figures(customers, moves.length, rows, bytes(folder), backfilled, keptRows, shapes);
		}
	}

	/**
	 * Every move as a packed key: from, to, day, segment, rule set, dwell bucket, cohort.
	 */
	private static long[] moves(int customers, int today, Random random) {
		long[] moves = new long[customers * 6];
		int n = 0;
		for (int c = 0; c < customers; c++) {
			int segment = random.nextInt(SEGMENTS.length);
			int entered = today - 364 + random.nextInt(365);
			int cohort = cohort(entered);
			int day = entered;
			int from = -1;
			for (int s = 0; s < PATH.length && day <= today; s++) {
				int dwell = (from < 0) ? 0 : day - lastDay(moves, n);
				if (n == moves.length) {
					moves = Arrays.copyOf(moves, moves.length * 2);
				}
				moves[n++] = pack(from, PATH[s].ordinal(), day, segment, version(day, today),
						DwellDays.bucket((from < 0) ? 0 : dwell), cohort);
				from = PATH[s].ordinal();
				if (random.nextInt(10) >= 7) {
					break;
				}
				int wait = (int) Math.round(-Math.log(1 - random.nextDouble()) * EXPECTED[s]);
				day += Math.max(0, wait);
				if (PATH[s] == Stage.ADOPTION && random.nextInt(10) == 0 && day <= today) {
					if (n == moves.length) {
						moves = Arrays.copyOf(moves, moves.length * 2);
					}
					moves[n++] = pack(from, Stage.ONBOARDING.ordinal(), day, segment, version(day, today),
							DwellDays.bucket(wait), cohort);
					break;
				}
			}
		}
		return Arrays.copyOf(moves, n);
	}

	/** The day of the last move packed (its bits 8 to 24). */
	private static int lastDay(long[] moves, int n) {
		return (int) ((moves[n - 1] >>> 10) & 0x7FFFFF);
	}

	private static int version(int day, int today) {
		return Math.min(11, Math.max(0, (today - day) / 31));
	}

	private static int cohort(int day) {
		LocalDate date = LocalDate.ofEpochDay(day);
		return date.getYear() * 100 + date.getMonthValue();
	}

	private static long pack(int from, int to, int day, int segment, int ruleSet, int dwell, int cohort) {
		long key = (long) (from + 1) & 0xF;
		key |= ((long) to & 0x3F) << 4;
		key |= ((long) day & 0x7FFFFF) << 10;
		key |= ((long) segment & 0x7) << 33;
		key |= ((long) ruleSet & 0xF) << 36;
		key |= ((long) dwell & 0x7FF) << 40;
		int months = (cohort / 100) * 12 + cohort % 100;
		key |= ((long) months & 0x1FFF) << 51;
		return key;
	}

	/**
	 * Sums the moves by key into rows, as the group commits would have, and writes them.
	 * Live traffic makes a day's rows on that day, so the rows of a window lie together
	 * in the table; a backfill of old events makes them in whatever order its events
	 * come, here key order, which scatters a window's rows over the whole table.
	 */
	private static long store(HikariDataSource dataSource, long[] moves, boolean backfilled) throws SQLException {
		Arrays.sort(moves);
		int distinct = 0;
		long[] keys = new long[moves.length];
		int[] counts = new int[moves.length];
		for (int i = 0; i < moves.length; i++) {
			if (i == 0 || moves[i] != moves[i - 1]) {
				keys[distinct++] = moves[i];
			}
			counts[distinct - 1]++;
		}
		// Each row's place in the writing order: its day, then its place in key order.
		long[] order = new long[distinct];
		for (int r = 0; r < distinct; r++) {
			order[r] = (backfilled ? 0 : day(keys[r]) << 32) | r;
		}
		Arrays.sort(order);
		Stage[] stages = Stage.values();
		long rows = 0;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO journey_transition (journey,"
						+ " from_stage, to_stage, change_day, segment, rule_set, dwell_days, cohort, transitions)"
						+ " VALUES ('broadband', ?, ?, ?, ?, ?, ?, ?, ?)")) {
			connection.setAutoCommit(false);
			for (long place : order) {
				int r = (int) place;
				long key = keys[r];
				int from = (int) (key & 0xF) - 1;
				insert.setString(1, (from < 0) ? "" : stages[from].name());
				insert.setString(2, stages[(int) ((key >>> 4) & 0x3F)].name());
				insert.setInt(3, (int) day(key));
				insert.setString(4, SEGMENTS[(int) ((key >>> 33) & 0x7)]);
				insert.setString(5, String.format(Locale.ROOT, "v%02d", (key >>> 36) & 0xF));
				insert.setInt(6, (int) ((key >>> 40) & 0x7FF));
				int months = (int) ((key >>> 51) & 0x1FFF);
				insert.setInt(7, (months / 12) * 100 + months % 12);
				insert.setLong(8, counts[r]);
				insert.addBatch();
				rows++;
				if (rows % 10_000 == 0) {
					insert.executeBatch();
				}
				if (rows % 200_000 == 0) {
					connection.commit();
				}
			}
			insert.executeBatch();
			// Each day's commits raised its revision, as the server's do.
			try (Statement revisions = connection.createStatement()) {
				revisions.execute("INSERT INTO journey_day_revision (journey, change_day, writer, revision)"
						+ " SELECT journey, change_day, 'benchmark', 1 FROM journey_transition"
						+ " GROUP BY journey, change_day");
			}
			connection.commit();
		}
		return rows;
	}

	private static long day(long key) {
		return (key >>> 10) & 0x7FFFFF;
	}

	/**
	 * Times the funnel, with a commit of today's moves before each call as live traffic
	 * makes them: H2 answers a query again from its last result while the table has not
	 * changed, and the analytics read again each day a commit changed.
	 */
	private static Shape time(JourneyAnalytics analytics, Runnable commit, int fromDay, int untilDay, Grouping grouping,
			int window, int calls, double first) {
		for (int i = 0; i < Math.max(3, calls / 5); i++) {
			commit.run();
			analytics.funnel("broadband", fromDay, untilDay, grouping);
		}
		long[] nanos = new long[calls];
		int groups = 0;
		for (int i = 0; i < calls; i++) {
			commit.run();
			long start = System.nanoTime();
			groups = analytics.funnel("broadband", fromDay, untilDay, grouping).size();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return new Shape(window, grouping, groups, first, nanos[calls / 2] / 1e6,
				nanos[(int) Math.ceil(calls * 0.95) - 1] / 1e6, nanos[calls - 1] / 1e6);
	}

	private static long bytes(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteTree(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the section of RESULTS.md
	 */
	static String section(Figures figures) {
		StringBuilder out = new StringBuilder();
		out.append(HEADING).append("\n\n");
		out.append(String.format(Locale.ROOT,
				"%,d customers' moves over a year (%,d moves) kept as %,d `journey_transition` rows, %,d KB on disk"
						+ " (embedded H2, compressed, its cache as the server's default), written %s. `Funnel` as"
						+ " `JourneyAnalytics` answers it, %s; target p95 ≤ 200 ms.%n%n",
				figures.customers(), figures.moves(), figures.rows(), figures.storeBytes() / 1024,
				figures.backfilled() ? "all at once in key order, as a backfill of old events would (`--backfilled`)"
						: "day by day, as live traffic writes them",
				"the query and its arithmetic without the gRPC call"));
		out.append((figures.keptRows() > 0) ? String.format(Locale.ROOT,
				"Each timed call follows a commit of today's moves, as live traffic makes them; the analytics keep"
						+ " up to %,d rows of the days they read in memory and read again the days a commit changed"
						+ " (today). ",
				figures.keptRows())
				: "Each timed call follows a commit of today's moves, as live traffic makes them; the analytics keep"
						+ " no day in memory (`--kept-rows 0`): every call reads every day of its window. ");
		out.append("The first call of a server that has read none of the window's days yet, unsplit: ");
		out.append(String.join(", ",
				figures.shapes()
					.stream()
					.filter((shape) -> shape.grouping() == Grouping.NONE)
					.map((shape) -> String.format(Locale.ROOT, "%.1f ms for %d days", shape.first(), shape.window()))
					.toList()))
			.append(".\n\n");
		out.append("| window | split by | groups | p50 ms | p95 ms | max ms |\n|---|---|---:|---:|---:|---:|\n");
		for (Shape shape : figures.shapes()) {
			out.append(String.format(Locale.ROOT, "| %d days | %s | %d | %.1f | %.1f | %.1f |%n", shape.window(),
					shape.grouping().name().toLowerCase(Locale.ROOT).replace('_', '-'), shape.groups(), shape.p50(),
					shape.p95(), shape.max()));
		}
		return out.append("\n").toString();
	}

	/**
	 * @param first the window's first call on a server that has read no day yet
	 * (unsplit), in ms
	 */
	record Shape(int window, Grouping grouping, int groups, double first, double p50, double p95, double max) {
	}

	record Figures(int customers, long moves, long rows, long storeBytes, boolean backfilled, long keptRows,
			List<Shape> shapes) {
	}

}
