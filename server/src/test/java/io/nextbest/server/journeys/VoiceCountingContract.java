package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextEvent.OutcomeRecorded;
import io.nextbest.engine.context.ContextEvent.ProfileUpdated;
import io.nextbest.engine.context.ContextEvent.StageChanged;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.RuleDirectory;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.ContextTable;
import io.nextbest.server.context.DurableContexts;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.context.VoiceCounting;
import io.nextbest.server.journeys.JourneyAnalytics.Grouping;
import io.nextbest.server.journeys.VoiceAnalytics.Scores;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voice of the customer counted where events are applied, on a real member over a
 * migrated database, run against each database: exact scores for a scripted set of
 * answers and recovery sends, the same after the set is replayed (duplicates) and after a
 * restart.
 */
abstract class VoiceCountingContract {

	private static final long T = Instant.parse("2026-05-20T10:00:00Z").toEpochMilli();

	private static final long HOUR = Duration.ofHours(1).toMillis();

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final int ANSWER_DAY = (int) (T / DAY);

	@TempDir
	Path folder;

	/**
	 * @return a JDBC URL (with credentials) of an empty database for one test
	 */
	abstract String freshDatabase();

	/**
	 * @return the migration folder of the database, as Spring Boot names its vendor
	 */
	abstract String vendor();

	private RuleSet rules;

	private String url;

	private Node node;

	@BeforeEach
	void start() {
		RuleDirectory directory = new RuleDirectory(this.folder.resolve("rules"));
		directory.write("journeys.yaml", """
				journeys:
				  broadband:
				    segments: { segment: [gold] }
				    stages: { onboarding: { expected-days: 21, late-after-days: 30 } }
				""");
		directory.write("actions.yaml", """
				actions:
				  - { id: call-back, kind: message, purpose: service, channels: [contact-centre], content: c/cb,
				      recovery: true }
				  - { id: offer, kind: offer, purpose: marketing, channels: [email], content: c/offer }
				  - { id: welcome, kind: message, purpose: service, channels: [web], content: c/welcome }
				""");
		this.rules = RuleSetLoader.load(directory.root(), Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC));
		this.url = freshDatabase();
		Flyway.configure()
			.dataSource(this.url, null, null)
			.locations("classpath:db/migration/" + vendor())
			.load()
			.migrate();
		this.node = new Node(this.url, this.rules);
	}

	@AfterEach
	void stop() {
		// Null when the database was not available and the test was skipped.
		if (this.node != null) {
			this.node.stop();
		}
	}

	@Test
	void scoresAreExactByJourneyStageAndChannel() {
		List<ContextEvent> script = script();
		script.forEach(this.node.store::apply);

		assertScripted(this.node.voice(Grouping.NONE));
	}

	@Test
	void replayedAndStaleEventsCountNothing() {
		List<ContextEvent> script = script();
		script.forEach(this.node.store::apply);

		for (ContextEvent event : script) {
			assertThat(this.node.store.apply(event)).isEqualTo(EventDisposition.DUPLICATE);
		}
		// Older than ann's latest NPS: stale.
		assertThat(this.node.store
			.apply(new SurveyAnswered("late", "ann", T - DAY, SurveyType.NPS, 2, "", "", Channel.EMAIL)))
			.isEqualTo(EventDisposition.STALE);

		assertScripted(this.node.voice(Grouping.NONE));
	}

	@Test
	void theSumsSurviveARestart() {
		script().forEach(this.node.store::apply);

		this.node.stop();
		this.node = new Node(this.url, this.rules);

		assertScripted(this.node.voice(Grouping.NONE));
	}

	@Test
	void threeMembersAddTheirCountsToTheSameSums() {
		this.node.stop();
		Node first = new Node(this.url, this.rules, "127.0.0.1");
		this.node = first;
		com.hazelcast.cluster.Address address = first.hazelcast.getCluster().getLocalMember().getAddress();
		String join = address.getHost() + ":" + address.getPort();
		Node second = new Node(this.url, this.rules, join);
		Node third = new Node(this.url, this.rules, join);
		try {
			assertThat(first.hazelcast.getCluster().getMembers()).hasSize(3);
			List<Node> members = List.of(first, second, third);
			List<ContextEvent> script = script();
			// Each event through another member: the owner of the customer counts it.
			for (int i = 0; i < script.size(); i++) {
				members.get(i % 3).store.apply(script.get(i));
			}
			for (int i = 0; i < script.size(); i++) {
				assertThat(members.get((i + 1) % 3).store.apply(script.get(i))).isEqualTo(EventDisposition.DUPLICATE);
			}

			assertScripted(second.voice(Grouping.NONE));
		}
		finally {
			third.stop();
			second.stop();
		}
	}

	@Test
	void scoresSplitBySegment() {
		script().forEach(this.node.store::apply);

		List<Scores> totals = VoiceAnalytics.totals(this.node.voice(Grouping.SEGMENT));

		assertThat(totals).extracting(Scores::group, Scores::journey, Scores::npsAnswers, Scores::promoters)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("", "", 1L, 0L),
					org.assertj.core.groups.Tuple.tuple("gold", "broadband", 1L, 1L),
					org.assertj.core.groups.Tuple.tuple("other", "broadband", 3L, 0L));
		// Recoveries are not split.
		assertThat(totals).extracting(Scores::recovered).containsOnly(0L);
	}

	private static void assertScripted(List<Scores> scores) {
		assertThat(scores).extracting(Scores::journey, Scores::stage, Scores::channel)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("", "", ""),
					org.assertj.core.groups.Tuple.tuple("broadband", "ONBOARDING", "WEB"),
					org.assertj.core.groups.Tuple.tuple("broadband", "ONBOARDING", "EMAIL"),
					org.assertj.core.groups.Tuple.tuple("broadband", "ONBOARDING", "CONTACT_CENTRE"));
		Scores none = scores.get(0);
		assertThat(none.detractors()).isEqualTo(1);
		assertThat(none.nps()).isEqualTo(-100.0);
		assertThat(none.csatAnswers()).isEqualTo(1);
		assertThat(none.csat()).isZero();
		assertThat(none.ces()).isEqualTo(6.0);
		assertThat(none.recovered()).isEqualTo(1);
		Scores contactCentre = scores.get(3);
		assertThat(contactCentre.detractors()).isEqualTo(2);
		assertThat(contactCentre.nps()).isEqualTo(-100.0);
		assertThat(contactCentre.recovered()).isEqualTo(1);
		assertThat(contactCentre.recoveryRate()).isEqualTo(0.5);
		Scores email = scores.get(2);
		assertThat(email.promoters()).isEqualTo(1);
		assertThat(email.nps()).isEqualTo(100.0);
		assertThat(email.csat()).isEqualTo(1.0);
		Scores web = scores.get(1);
		assertThat(web.passives()).isEqualTo(1);
		assertThat(web.nps()).isZero();
		assertThat(web.cesAnswers()).isEqualTo(1);
		assertThat(web.ces()).isEqualTo(2.0);

		List<Scores> totals = VoiceAnalytics.totals(scores);
		assertThat(totals).hasSize(2);
		Scores broadband = totals.get(1);
		assertThat(broadband.journey()).isEqualTo("broadband");
		assertThat(broadband.npsAnswers()).isEqualTo(4);
		// 1 promoter, 1 passive, 2 detractors: 25% - 50%.
		assertThat(broadband.nps()).isEqualTo(-25.0);
		assertThat(broadband.recovered()).isEqualTo(1);
		assertThat(broadband.recoveryRate()).isEqualTo(0.5);
	}

	/**
	 * Four broadband customers in onboarding and one in no journey. ann (gold) is a
	 * promoter on email; bob a detractor at the contact centre called back within the
	 * hour (and again: one recovery); cat a detractor called back after 49 hours (too
	 * late); dan a passive on the web whose move to adoption, dated after his answer,
	 * arrives first; eve, in no journey, a detractor whose call-back arrives before her
	 * answer.
	 */
	private static List<ContextEvent> script() {
		List<ContextEvent> events = new ArrayList<>();
		events.add(new ProfileUpdated("a0", "ann", T - 20 * DAY, Map.of("segment", "gold")));
		events.add(new StageChanged("a1", "ann", T - 10 * DAY, "broadband", Stage.ONBOARDING));
		events.add(new SurveyAnswered("a2", "ann", T, SurveyType.NPS, 10, "d-1", "", Channel.EMAIL));
		events.add(new SurveyAnswered("a3", "ann", T, SurveyType.CSAT, 5, "d-1", "", Channel.EMAIL));
		events.add(new StageChanged("b1", "bob", T - 5 * DAY, "broadband", Stage.ONBOARDING));
		events.add(new SurveyAnswered("b2", "bob", T, SurveyType.NPS, 3, "", "K1", Channel.CONTACT_CENTRE));
		events.add(new OutcomeRecorded("b3", "bob", T + HOUR, "", "offer", Channel.EMAIL, Outcome.SENT));
		events.add(new OutcomeRecorded("b4", "bob", T + HOUR, "", "call-back", Channel.CONTACT_CENTRE,
				Outcome.IMPRESSION));
		events
			.add(new OutcomeRecorded("b5", "bob", T + 2 * HOUR, "", "call-back", Channel.CONTACT_CENTRE, Outcome.SENT));
		events
			.add(new OutcomeRecorded("b6", "bob", T + 3 * HOUR, "", "call-back", Channel.CONTACT_CENTRE, Outcome.SENT));
		events.add(new StageChanged("c1", "cat", T - 5 * DAY, "broadband", Stage.ONBOARDING));
		events.add(new SurveyAnswered("c2", "cat", T, SurveyType.NPS, 5, "", "", Channel.CONTACT_CENTRE));
		events.add(
				new OutcomeRecorded("c3", "cat", T + 49 * HOUR, "", "call-back", Channel.CONTACT_CENTRE, Outcome.SENT));
		events.add(new StageChanged("d1", "dan", T - 20 * DAY, "broadband", Stage.ONBOARDING));
		events.add(new StageChanged("d2", "dan", T + HOUR, "broadband", Stage.ADOPTION));
		events.add(new SurveyAnswered("d3", "dan", T, SurveyType.NPS, 8, "", "", Channel.WEB));
		events.add(new SurveyAnswered("d4", "dan", T, SurveyType.CES, 2, "", "", Channel.WEB));
		events.add(new StageChanged("e0", "eve", T - DAY, "tv", Stage.LOYALTY));
		events.add(new OutcomeRecorded("e1", "eve", T + HOUR, "", "call-back", Channel.CONTACT_CENTRE, Outcome.SENT));
		events.add(new SurveyAnswered("e2", "eve", T, SurveyType.NPS, 0));
		events.add(new SurveyAnswered("e3", "eve", T, SurveyType.CSAT, 2));
		events.add(new SurveyAnswered("e4", "eve", T, SurveyType.CES, 6));
		return events;
	}

	/**
	 * One member with the durable store and the voice counting, as the server wires them.
	 */
	private static final class Node {

		final HikariDataSource dataSource;

		final DurableContexts mapStore;

		final HazelcastInstance hazelcast;

		final ContextStore store;

		final VoiceAnalytics analytics;

		Node(String url, RuleSet rules) {
			this(url, rules, null);
		}

		/**
		 * @param join the address of a member to join, or null to run alone
		 */
		Node(String url, RuleSet rules, String join) {
			this.dataSource = new HikariDataSource();
			this.dataSource.setJdbcUrl(url);
			this.dataSource.setMaximumPoolSize(4);
			this.mapStore = new DurableContexts(new ContextTable(this.dataSource));
			Config config = new ClasspathYamlConfig("hazelcast.yaml");
			config.setClusterName("voice-test-" + ProcessHandle.current().pid());
			config.getMapConfig(HazelcastContextStore.MAP_NAME)
				.setMapStoreConfig(new MapStoreConfig().setEnabled(true)
					.setImplementation(this.mapStore)
					.setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
			config.getUserContext().put(DurableContexts.USER_CONTEXT_KEY, this.mapStore);
			config.getUserContext()
				.put(VoiceCounting.USER_CONTEXT_KEY, new VoiceCounting(() -> rules, Duration.ofHours(48)));
			if (join != null) {
				config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(join);
			}
			this.hazelcast = Hazelcast.newHazelcastInstance(config);
			this.store = new HazelcastContextStore(this.hazelcast, ContextLimits.DEFAULTS);
			Clock clock = Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC);
			this.analytics = new VoiceAnalytics(this.dataSource,
					new JourneyAnalytics(this.dataSource, () -> rules, clock));
		}

		List<Scores> voice(Grouping grouping) {
			return this.analytics.voice("", ANSWER_DAY - 1, ANSWER_DAY + 1, grouping);
		}

		void stop() {
			this.hazelcast.shutdown();
			this.mapStore.close();
			this.dataSource.close();
		}

	}

}
