package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.ruleset.RuleSet;

import io.nextbest.facts.Stage;
import io.nextbest.server.journeys.JourneyAnalytics.FunnelStage;
import io.nextbest.server.journeys.JourneyAnalytics.Grouping;
import io.nextbest.server.journeys.JourneyAnalytics.StockStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The funnel, flows, stock and timeline, computed from known counts against
 * journeys.yaml.
 */
class JourneyAnalyticsTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final int TODAY = JourneyAnalytics.day(NOW.toEpochMilli());

	@TempDir
	Path folder;

	private HikariDataSource dataSource;

	private JourneyAnalytics analytics;

	private java.util.function.Supplier<RuleSet> ruleSet;

	@BeforeEach
	void start() {
		this.dataSource = JourneyStore.migrated(this.folder);
		RuleSet ruleSet = JourneyStore.journeys(this.folder, """
				journeys:
				  broadband:
				    segments: { segment: [gold] }
				    stages:
				      onboarding: { expected-days: 21, late-after-days: 30, conversion-target: 0.8 }
				""", Clock.fixed(NOW, ZoneOffset.UTC));
		this.ruleSet = () -> ruleSet;
		this.analytics = new JourneyAnalytics(this.dataSource, this.ruleSet, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void stop() {
		this.dataSource.close();
	}

	@Test
	void theOnboardingFunnelAgainstThreeWeeksExpected() throws SQLException {
		// 10 entered onboarding (6 gold); 6 moved on to adoption after 14 (4 of them
		// gold),
		// 21 and 40 days; 1 went back to purchase; 2 jumped from purchase to adoption.
		transition("", "ONBOARDING", TODAY - 50, "gold", 0, 6);
		transition("", "ONBOARDING", TODAY - 50, "other", 0, 4);
		transition("ONBOARDING", "ADOPTION", TODAY - 36, "gold", 14, 4);
		transition("ONBOARDING", "ADOPTION", TODAY - 29, "other", 21, 1);
		transition("ONBOARDING", "ADOPTION", TODAY - 10, "other", 40, 1);
		transition("ONBOARDING", "PURCHASE", TODAY - 20, "gold", 30, 1);
		transition("PURCHASE", "ADOPTION", TODAY - 5, "other", 3, 2);
		// Outside the window: not counted.
		transition("", "ONBOARDING", TODAY - 200, "gold", 0, 100);
		stock("ONBOARDING", TODAY - 50, 3);
		stock("ONBOARDING", TODAY - 31, 1);
		stock("ONBOARDING", TODAY - 30, 1);

		SortedMap<String, List<FunnelStage>> funnel = this.analytics.funnel("broadband", TODAY - 90, TODAY,
				Grouping.NONE);

		FunnelStage onboarding = funnel.get("").get(Stage.ONBOARDING.ordinal());
		assertThat(onboarding.entered()).isEqualTo(10);
		assertThat(onboarding.advanced()).isEqualTo(6);
		assertThat(onboarding.regressed()).isEqualTo(1);
		assertThat(onboarding.skipped()).isEqualTo(2);
		assertThat(onboarding.conversion()).isEqualTo(0.6);
		assertThat(onboarding.conversionTarget()).isEqualTo(0.8);
		assertThat(onboarding.dwellP50Days()).isEqualTo(14);
		assertThat(onboarding.dwellP90Days()).isEqualTo(40);
		assertThat(onboarding.expectedDays()).isEqualTo(21);
		assertThat(onboarding.onTimeRate()).isEqualTo(5.0 / 7);
		assertThat(onboarding.inStageNow()).isEqualTo(5);
		assertThat(onboarding.overdueNow()).isEqualTo(4);
		assertThat(funnel.get("").get(Stage.ADOPTION.ordinal()).entered()).isEqualTo(8);
	}

	@Test
	void theFunnelSplitsBySegment() throws SQLException {
		transition("", "ONBOARDING", TODAY - 50, "gold", 0, 6);
		transition("", "ONBOARDING", TODAY - 50, "other", 0, 4);
		transition("ONBOARDING", "ADOPTION", TODAY - 36, "gold", 14, 4);

		SortedMap<String, List<FunnelStage>> funnel = this.analytics.funnel("broadband", TODAY - 90, TODAY,
				Grouping.SEGMENT);

		assertThat(funnel.keySet()).containsExactly("gold", "other");
		assertThat(funnel.get("gold").get(Stage.ONBOARDING.ordinal()).conversion()).isEqualTo(4.0 / 6);
		assertThat(funnel.get("other").get(Stage.ONBOARDING.ordinal()).advanced()).isZero();
	}

	@Test
	void theFunnelSplitsByTheMonthCustomersEnteredTheJourney() throws SQLException {
		transition("", "ONBOARDING", TODAY - 50, "", 0, 6, 202604);
		transition("ONBOARDING", "ADOPTION", TODAY - 36, "", 14, 3, 202604);
		transition("", "ONBOARDING", TODAY - 20, "", 0, 5, 202605);
		transition("ONBOARDING", "ADOPTION", TODAY - 2, "", 18, 1, 0);

		SortedMap<String, List<FunnelStage>> funnel = this.analytics.funnel("broadband", TODAY - 90, TODAY,
				Grouping.COHORT);

		assertThat(funnel.keySet()).containsExactly("2026-04", "2026-05", "unknown");
		assertThat(funnel.get("2026-04").get(Stage.ONBOARDING.ordinal()).conversion()).isEqualTo(3.0 / 6);
		assertThat(funnel.get("2026-05").get(Stage.ONBOARDING.ordinal()).entered()).isEqualTo(5);
		assertThat(funnel.get("unknown").get(Stage.ONBOARDING.ordinal()).advanced()).isEqualTo(1);
	}

	@Test
	void stockCountsCustomersPerStageAndTheOverdueAmongThem() throws SQLException {
		stock("ONBOARDING", TODAY - 31, 2);
		stock("ONBOARDING", TODAY - 30, 3);
		stock("ONBOARDING", TODAY - 40, 0);
		stock("ADOPTION", TODAY - 400, 7);

		List<StockStage> stock = this.analytics.stock("broadband");

		assertThat(stock.get(Stage.ONBOARDING.ordinal())).isEqualTo(new StockStage(Stage.ONBOARDING, 5, 2, 30));
		// Adoption is not planned: nobody is overdue there.
		assertThat(stock.get(Stage.ADOPTION.ordinal())).isEqualTo(new StockStage(Stage.ADOPTION, 7, 0, 0));
	}

	@Test
	void theTimelineCountsMovesPerDayAndMarksWhereTheRulesChanged() throws SQLException {
		execute("INSERT INTO journey_transition (journey, from_stage, to_stage, change_day, segment, rule_set,"
				+ " dwell_days, transitions, cohort) VALUES ('broadband', '', 'ONBOARDING', " + (TODAY - 9)
				+ ", 'gold', 'v1', 0, 3, 0), ('broadband', '', 'ONBOARDING', " + (TODAY - 9)
				+ ", 'other', 'v1', 0, 2, 0), ('broadband', 'ONBOARDING', 'ADOPTION', " + (TODAY - 9)
				+ ", 'gold', 'v1', 7, 1, 0), ('broadband', 'ONBOARDING', 'ADOPTION', " + (TODAY - 4)
				+ ", 'gold', 'v2', 12, 4, 0), ('broadband', '', 'ONBOARDING', " + (TODAY - 2)
				+ ", 'gold', 'v2', 0, 1, 0), ('broadband', '', 'ONBOARDING', " + (TODAY - 40)
				+ ", 'gold', 'v0', 0, 9, 0)");

		JourneyAnalytics.Timeline timeline = this.analytics.timeline("broadband", TODAY - 30, TODAY);

		assertThat(timeline.days()).extracting(JourneyAnalytics.Day::day)
			.containsExactly(TODAY - 9, TODAY - 4, TODAY - 2);
		long[] first = timeline.days().get(0).entered();
		assertThat(first[Stage.ONBOARDING.ordinal()]).isEqualTo(5);
		assertThat(first[Stage.ADOPTION.ordinal()]).isEqualTo(1);
		assertThat(timeline.days().get(1).entered()[Stage.ADOPTION.ordinal()]).isEqualTo(4);
		// v0 moved customers before the window only: not in it.
		assertThat(timeline.ruleSets()).containsExactly(new JourneyAnalytics.RuleSetSpan("v1", TODAY - 9, TODAY - 9, 6),
				new JourneyAnalytics.RuleSetSpan("v2", TODAY - 4, TODAY - 2, 5));
	}

	@Test
	void aDayReadIsKeptUntilACommitRaisesItsRevision() throws SQLException {
		transition("", "ONBOARDING", TODAY - 3, "gold", 0, 6);
		assertThat(entered(this.analytics)).isEqualTo(6);
		// A row the commits did not add (no revision raised): the day kept is served.
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("UPDATE journey_transition SET transitions = 7");
		}
		assertThat(entered(this.analytics)).isEqualTo(6);
		assertThat(entered(new JourneyAnalytics(this.dataSource, this.ruleSet, Clock.fixed(NOW, ZoneOffset.UTC), 0)))
			.isEqualTo(7);
		// As a commit does, the revision rises with the rows: read again.
		transition("", "ONBOARDING", TODAY - 3, "other", 0, 2);
		assertThat(entered(this.analytics)).isEqualTo(9);
	}

	@Test
	void keepingFewOrNoRowsChangesNoAnswer() throws SQLException {
		for (int day = 1; day <= 20; day++) {
			transition("", "ONBOARDING", TODAY - day, (day % 2 == 0) ? "gold" : "other", 0, day);
			transition("ONBOARDING", "ADOPTION", TODAY - day + 1, "gold", day, 1, 202605);
		}
		JourneyAnalytics everything = this.analytics;
		for (long kept : new long[] { 0, 1, 3 }) {
			JourneyAnalytics few = new JourneyAnalytics(this.dataSource, this.ruleSet, Clock.fixed(NOW, ZoneOffset.UTC),
					kept);
			for (int round = 0; round < 2; round++) {
				for (Grouping grouping : Grouping.values()) {
					assertThat(few.funnel("broadband", TODAY - 15, TODAY, grouping)).as("%s, %d kept", grouping, kept)
						.isEqualTo(everything.funnel("broadband", TODAY - 15, TODAY, grouping));
				}
				assertThat(few.timeline("broadband", TODAY - 30, TODAY).ruleSets())
					.isEqualTo(everything.timeline("broadband", TODAY - 30, TODAY).ruleSets());
			}
		}
	}

	private static long entered(JourneyAnalytics analytics) {
		return analytics.funnel("broadband", TODAY - 10, TODAY, Grouping.NONE)
			.get("")
			.get(Stage.ONBOARDING.ordinal())
			.entered();
	}

	@Test
	void aJourneyNotListedIsNotFound() {
		assertThatThrownBy(() -> this.analytics.stock("tv")).isInstanceOf(UnknownJourneyException.class)
			.hasMessage("journey 'tv' is not listed in journeys.yaml (listed: broadband)");
	}

	private void transition(String from, String to, int day, String segment, int dwell, long n) throws SQLException {
		transition(from, to, day, segment, dwell, n, 0);
	}

	private void transition(String from, String to, int day, String segment, int dwell, long n, int cohort)
			throws SQLException {
		execute("INSERT INTO journey_transition (journey, from_stage, to_stage, change_day, segment, rule_set,"
				+ " dwell_days, transitions, cohort) VALUES ('broadband', '" + from + "', '" + to + "', " + day + ", '"
				+ segment + "', 'v1', " + dwell + ", " + n + ", " + cohort + ")");
	}

	private void stock(String stage, int enteredDay, long n) throws SQLException {
		execute("INSERT INTO journey_stock VALUES ('broadband', '" + stage + "', " + enteredDay + ", " + n + ")");
	}

	private void execute(String sql) throws SQLException {
		JourneyStore.execute(this.dataSource, sql);
	}

}
