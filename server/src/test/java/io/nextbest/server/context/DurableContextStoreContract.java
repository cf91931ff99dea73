package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.RuleDirectory;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.journeys.JourneyAnalytics;
import io.nextbest.server.journeys.JourneyVerification;
import io.nextbest.server.journeys.OverdueCustomers;
import io.nextbest.server.journeys.ScriptedPopulation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every durable store behind the context map promises, run against each database: an
 * acknowledged update is committed, contexts come back after a restart, erasure reaches
 * the store, and concurrent updates share commits. Each test runs a real Hazelcast member
 * configured by the server's hazelcast.yaml over a migrated database.
 */
abstract class DurableContextStoreContract {

	private static final long T = 1_700_000_000_000L;

	private static final long DAY = java.time.Duration.ofDays(1).toMillis();

	/** Counts broadband by segment gold (others as other); tv is not listed. */
	private static final RuleSet JOURNEY_RULES = journeyRules("""
			journeys:
			  broadband:
			    segments: { segment: [gold] }
			    stages: { onboarding: { expected-days: 21, late-after-days: 30 } }
			""");

	private static final RuleSet NO_JOURNEYS = journeyRules("journeys: {}\n");

	private static final RuleSet POPULATION_RULES = journeyRules(ScriptedPopulation.JOURNEYS);

	/** The rule set the members count journeys with. */
	private static volatile RuleSet serving = JOURNEY_RULES;

	private String url;

	private Node node;

	/**
	 * @return a JDBC URL (with credentials) of an empty database for one test
	 */
	abstract String freshDatabase();

	/**
	 * @return the migration folder of the database, as Spring Boot names its vendor
	 */
	abstract String vendor();

	/**
	 * @return whether members of a cluster may share the store, as they do PostgreSQL
	 */
	abstract boolean sharedStore();

	@BeforeEach
	void startNode() {
		this.url = freshDatabase();
		Flyway.configure()
			.dataSource(this.url, null, null)
			.locations("classpath:db/migration/" + vendor())
			.load()
			.migrate();
		this.node = new Node(this.url);
	}

	@AfterEach
	void stopNode() {
		// Null when the database was not available and the test was skipped.
		if (this.node != null) {
			this.node.stop();
		}
	}

	@Test
	void acknowledgedUpdateIsAlreadyCommitted() throws SQLException {
		this.node.store.apply(new ContextEvent.StageChanged("e1", "acked", T, "broadband", Stage.LOYALTY));

		// Read through a connection of its own, outside the member: the commit is
		// visible.
		try (HikariDataSource reader = dataSource(this.url);
				Connection connection = reader.getConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT context FROM customer_context WHERE customer_id = ?")) {
			select.setString(1, "acked");
			try (ResultSet row = select.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(ContextCodec.decode(row.getBytes(1)).journeys()).singleElement()
					.satisfies((journey) -> assertThat(journey.stage()).isEqualTo(Stage.LOYALTY));
			}
		}
	}

	@Test
	void everyKindOfContextComesBackAfterARestart() {
		String c = "restarted";
		ContextStore store = this.node.store;
		store.apply(new ContextEvent.StageChanged("e1", c, T, "broadband", Stage.LOYALTY));
		store.apply(new ContextEvent.CaseOpened("e2", c, T, "K1", "broadband", Severity.CRITICAL));
		store.apply(new ContextEvent.CaseClosed("e3", c, T + 5, "K0"));
		store.apply(
				new ContextEvent.ConsentChanged("e4", c, T, Channel.EMAIL, Purpose.MARKETING, ConsentStatus.REVOKED));
		store.apply(new ContextEvent.SurveyAnswered("e5", c, T, SurveyType.NPS, 3));
		store.apply(new ContextEvent.ProfileUpdated("e6", c, T, java.util.Map.of("tier", "gold")));
		store.apply(new ContextEvent.OutcomeRecorded("e7", c, T, "d1", "cross-sell", Channel.WEB, Outcome.CLICK));
		CustomerContext before = store.get(c);

		restart();

		assertThat(this.node.store.get(c)).usingRecursiveComparison().isEqualTo(before);
	}

	@Test
	void aStoreWrittenByThePreviousVersionServesAfterTheUpgrade() throws SQLException {
		// A database as the previous version left it: its schema, and rows of format 1.
		this.node.stop();
		this.url = freshDatabase();
		Flyway.configure()
			.dataSource(this.url, null, null)
			.locations("classpath:db/migration/" + vendor())
			.target("3")
			.load()
			.migrate();
		var fixtures = StoredContextFixtures.all();
		try (HikariDataSource writer = dataSource(this.url);
				Connection connection = writer.getConnection();
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO customer_context (customer_id, context, updated_at, revision) VALUES (?, ?, ?, ?)")) {
			for (var fixture : fixtures.entrySet()) {
				CustomerContext context = fixture.getValue().get();
				insert.setString(1, context.customerId());
				insert.setBytes(2, StoredContextFormatsTest.storedRow(1, fixture.getKey()));
				insert.setLong(3, context.updatedAt());
				insert.setLong(4, 3);
				insert.executeUpdate();
			}
		}

		// The new version migrates the schema and opens the store as the server does.
		Flyway.configure()
			.dataSource(this.url, null, null)
			.locations("classpath:db/migration/" + vendor())
			.load()
			.migrate();
		this.node = new Node(this.url);

		for (var fixture : fixtures.values()) {
			CustomerContext expected = fixture.get().withRevision(3);
			assertThat(this.node.store.get(expected.customerId())).usingRecursiveComparison().isEqualTo(expected);
		}
		// A change rewrites the row in the current format, which reads back after a
		// restart.
		CustomerContext loyalBefore = StoredContextFixtures.loyalCustomer();
		String loyal = loyalBefore.customerId();
		this.node.store.apply(new ContextEvent.SurveyAnswered("upgraded-1", loyal, loyalBefore.updatedAt() + 1_000,
				SurveyType.CSAT, 4));
		CustomerContext changed = this.node.store.get(loyal);
		restart();
		assertThat(this.node.store.get(loyal)).usingRecursiveComparison().isEqualTo(changed);
		assertThat(changed.revision()).isEqualTo(4);
		try (HikariDataSource reader = dataSource(this.url);
				Connection connection = reader.getConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT context FROM customer_context WHERE customer_id = ?")) {
			select.setString(1, loyal);
			try (ResultSet row = select.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getBytes(1)[0]).isEqualTo((byte) ContextCodec.FORMAT);
			}
		}
	}

	@Test
	void reSentEventIsStillADuplicateAfterARestart() {
		ContextEvent consent = new ContextEvent.ConsentChanged("e1", "resent", T, Channel.SMS, Purpose.MARKETING,
				ConsentStatus.GRANTED);
		this.node.store.apply(consent);

		restart();

		assertThat(this.node.store.apply(consent)).isEqualTo(EventDisposition.DUPLICATE);
	}

	@Test
	void forgottenCustomerIsGoneFromTheStore() {
		this.node.store.apply(new ContextEvent.StageChanged("e1", "forgotten", T, "mobile", Stage.ONBOARDING));
		restart();

		// Not in memory yet after the restart: forgetting still finds and erases them.
		assertThat(this.node.store.forget("forgotten")).isTrue();
		restart();

		assertThat(this.node.store.get("forgotten").isKnown()).isFalse();
	}

	@Test
	void aRowIsNeverReplacedByALowerRevision() {
		ContextTable table = new ContextTable(this.node.dataSource);
		// Only a store shared by several members can see writes of one customer from two
		// of them; the embedded store serves one member, whose writer commits in order.
		Assumptions.assumeFalse(table.isEmbedded());
		CustomerContext older = CustomerContext.empty("raced").withRevision(4);
		CustomerContext newer = new CustomerContext("raced", T, List.of(), List.of(), List.of(), List.of(), List.of(),
				List.of(), new long[0], 5);
		table.commit(List.of(StoredContext.of(newer)), List.of());

		// A write that lost the race (made before a partition moved) commits last.
		table.commit(List.of(StoredContext.of(older)), List.of());

		CustomerContext stored = table.load("raced");
		assertThat(stored.revision()).isEqualTo(5);
		assertThat(stored.updatedAt()).isEqualTo(T);
		table.commit(List.of(StoredContext.of(newer.withRevision(6))), List.of());
		assertThat(table.load("raced").revision()).isEqualTo(6);
	}

	@Test
	void manyContextsComeBackInOneRead() {
		for (int i = 0; i < 30; i++) {
			this.node.store.apply(new ContextEvent.StageChanged("e", "many-" + i, T, "broadband", Stage.ADOPTION));
		}
		restart();
		List<String> wanted = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			wanted.add("many-" + i);
		}

		var found = new ContextTable(this.node.dataSource).loadAll(wanted);

		assertThat(found).hasSize(30);
		assertThat(found.get("many-7").journeys()).singleElement()
			.satisfies((journey) -> assertThat(journey.stage()).isEqualTo(Stage.ADOPTION));
		assertThat(this.node.store.getAll(wanted)).hasSize(30);
	}

	@Test
	void revisionsCountTheChangesAndComeBackAfterARestart() {
		ContextStore store = this.node.store;
		store.apply(new ContextEvent.StageChanged("e1", "counted", T, "broadband", Stage.LOYALTY));
		store.apply(new ContextEvent.StageChanged("e1", "counted", T, "broadband", Stage.LOYALTY));
		store.apply(new ContextEvent.StageChanged("e2", "counted", T + 1, "broadband", Stage.ADVOCACY));

		restart();

		assertThat(this.node.store.get("counted").revision()).isEqualTo(2);
	}

	@Test
	void anUpdateAcknowledgedByAMemberThatDoesNotOwnTheCustomerIsCommitted() throws SQLException {
		this.node.stop();
		Node first = new Node(this.url, "127.0.0.1");
		com.hazelcast.cluster.Address address = first.hazelcast.getCluster().getLocalMember().getAddress();
		Node second = new Node(this.url, address.getHost() + ":" + address.getPort());
		this.node = first;
		try (HikariDataSource reader = dataSource(this.url);
				Connection connection = reader.getConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT revision FROM customer_context WHERE customer_id = ?")) {
			assertThat(first.hazelcast.getCluster().getMembers()).hasSize(2);
			int ownedByTheOther = 0;
			for (int i = 0; i < 40; i++) {
				String customer = "remote-" + i;
				if (!first.hazelcast.getPartitionService().getPartition(customer).getOwner().localMember()) {
					ownedByTheOther++;
				}
				first.store.apply(new ContextEvent.StageChanged("e" + i, customer, T, "broadband", Stage.ADOPTION));

				select.setString(1, customer);
				try (ResultSet row = select.executeQuery()) {
					assertThat(row.next()).as(customer).isTrue();
					assertThat(row.getLong(1)).isEqualTo(1);
				}
			}
			assertThat(ownedByTheOther).isPositive();
			assertThat(second.mapStore.writes()).isPositive();
		}
		finally {
			second.stop();
		}
	}

	@Test
	void concurrentUpdatesShareCommits() {
		long commitsBefore = this.node.mapStore.commits();
		long writesBefore = this.node.mapStore.writes();
		List<CompletableFuture<EventDisposition>> updates = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			updates.add(this.node.store
				.applyAsync(new ContextEvent.StageChanged("e", "busy-" + i, T, "broadband", Stage.ADOPTION)));
		}
		updates.forEach(CompletableFuture::join);

		long writes = this.node.mapStore.writes() - writesBefore;
		long commits = this.node.mapStore.commits() - commitsBefore;
		assertThat(writes).isEqualTo(400);
		assertThat(commits).isLessThan(writes);
	}

	@Test
	void stageChangesAreCountedOnceInTheCommitOfTheirContext() throws SQLException {
		long day = T / DAY;
		ContextStore store = this.node.store;
		store.apply(new ContextEvent.ProfileUpdated("p1", "ann", T, java.util.Map.of("segment", "gold")));
		store.apply(new ContextEvent.StageChanged("s1", "ann", T, "broadband", Stage.ONBOARDING));
		ContextEvent move = new ContextEvent.StageChanged("s2", "ann", T + 23 * DAY, "broadband", Stage.ADOPTION);
		assertThat(store.apply(move)).isEqualTo(EventDisposition.APPLIED);
		assertThat(store.apply(move)).isEqualTo(EventDisposition.DUPLICATE);
		assertThat(store.apply(new ContextEvent.StageChanged("s0", "ann", T - DAY, "broadband", Stage.EVALUATION)))
			.isEqualTo(EventDisposition.STALE);
		store.apply(new ContextEvent.StageChanged("s3", "ann", T + 24 * DAY, "broadband", Stage.ADOPTION));
		store.apply(new ContextEvent.StageChanged("s1", "bob", T + DAY, "broadband", Stage.ONBOARDING));
		store.apply(new ContextEvent.StageChanged("s2", "bob", T + DAY, "tv", Stage.ONBOARDING));

		String version = JOURNEY_RULES.version().hash();
		// Both entered broadband in November 2023: their cohort.
		assertThat(rows("SELECT from_stage, to_stage, change_day, segment, rule_set, dwell_days, transitions, cohort"
				+ " FROM journey_transition WHERE journey = 'broadband'" + " ORDER BY change_day, from_stage"))
			.containsExactly(List.of("", "ONBOARDING", day, "gold", version, 0L, 1L, 202311L),
					List.of("", "ONBOARDING", day + 1, "other", version, 0L, 1L, 202311L),
					List.of("ONBOARDING", "ADOPTION", day + 23, "gold", version, 23L, 1L, 202311L));
		assertThat(rows("SELECT stage, entered_day, customers FROM journey_stock ORDER BY stage, entered_day"))
			.containsExactly(List.of("ADOPTION", day + 23, 1L), List.of("ONBOARDING", day, 0L),
					List.of("ONBOARDING", day + 1, 1L));
		assertThat(rows("SELECT COUNT(*) FROM journey_transition WHERE journey = 'tv'")).containsExactly(List.of(0L));
		assertThat(store.get("ann").stageHistory()).hasSize(2);
		// Each day with moves had its revision raised by the commits that added them.
		assertThat(rows("SELECT journey, change_day, COUNT(*) FROM journey_day_revision"
				+ " GROUP BY journey, change_day ORDER BY journey, change_day"))
			.containsExactly(List.of("broadband", day, 1L), List.of("broadband", day + 1, 1L),
					List.of("broadband", day + 23, 1L));
	}

	@Test
	void aWindowReadBeforeShowsTheMovesCommittedSince() {
		long day = T / DAY;
		ContextStore store = this.node.store;
		java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(T + DAY),
				java.time.ZoneOffset.UTC);
		try (HikariDataSource reader = dataSource(this.url)) {
			JourneyAnalytics analytics = new JourneyAnalytics(reader, () -> JOURNEY_RULES, clock);
			store.apply(new ContextEvent.StageChanged("s1", "ann", T, "broadband", Stage.ONBOARDING));
			assertThat(entered(analytics, (int) day)).isEqualTo(1);
			// The day read above changes: read again, not answered from memory.
			store.apply(new ContextEvent.StageChanged("s1", "bob", T, "broadband", Stage.ONBOARDING));
			store.apply(new ContextEvent.StageChanged("s1", "cat", T + DAY, "broadband", Stage.ONBOARDING));
			assertThat(entered(analytics, (int) day)).isEqualTo(3);
			store.apply(new ContextEvent.StageChanged("s2", "ann", T + DAY, "broadband", Stage.ADOPTION));
			assertThat(entered(analytics, (int) day)).isEqualTo(4);
		}
	}

	private static long entered(JourneyAnalytics analytics, int fromDay) {
		return analytics.moves("broadband", fromDay, fromDay + 1, JourneyAnalytics.Grouping.NONE)
			.stream()
			.mapToLong(JourneyAnalytics.Move::moves)
			.sum();
	}

	@Test
	void theStockTakesOutOnlyWhomItCountedInAndLosesForgottenCustomers() throws SQLException {
		long day = T / DAY;
		ContextStore store = this.node.store;
		try {
			serving = NO_JOURNEYS;
			store.apply(new ContextEvent.StageChanged("s1", "cat", T, "broadband", Stage.ONBOARDING));
			serving = JOURNEY_RULES;
			store.apply(new ContextEvent.StageChanged("s1", "dan", T, "broadband", Stage.ONBOARDING));
			store.apply(new ContextEvent.StageChanged("s1", "eve", T, "broadband", Stage.ONBOARDING));
			// Whom the stock counted in comes back from the store.
			restart();
			store = this.node.store;
			serving = NO_JOURNEYS;
			store.apply(new ContextEvent.StageChanged("s2", "eve", T + 2 * DAY, "broadband", Stage.ADOPTION));
			serving = JOURNEY_RULES;
			for (String customer : List.of("cat", "dan")) {
				store.apply(new ContextEvent.StageChanged("s2", customer, T + 10 * DAY, "broadband", Stage.ADOPTION));
			}
			assertThat(rows("SELECT stage, entered_day, customers FROM journey_stock ORDER BY stage, entered_day"))
				.containsExactly(List.of("ADOPTION", day + 10, 2L), List.of("ONBOARDING", day, 0L));

			assertThat(store.forget("dan")).isTrue();
			assertThat(store.forget("eve")).isTrue();

			assertThat(rows("SELECT stage, entered_day, customers FROM journey_stock ORDER BY stage, entered_day"))
				.containsExactly(List.of("ADOPTION", day + 10, 1L), List.of("ONBOARDING", day, 0L));
		}
		finally {
			serving = JOURNEY_RULES;
		}
	}

	@Test
	void aScriptedPopulationIsCountedExactlyOnThreeMembersAndAgainWhenReplayed() {
		long today = T / DAY + 200;
		ScriptedPopulation population = new ScriptedPopulation(10_000, T, (int) today, 18);
		this.node.stop();
		Node first = new Node(this.url, "127.0.0.1");
		com.hazelcast.cluster.Address address = first.hazelcast.getCluster().getLocalMember().getAddress();
		String join = address.getHost() + ":" + address.getPort();
		// A server refuses to form a cluster on an embedded store, whose one writer adds
		// the counts (H2's MERGE does not take concurrent inserts of a new row): three
		// members where the store is shared, as in production.
		List<Node> members = sharedStore() ? List.of(first, new Node(this.url, join), new Node(this.url, join))
				: List.of(first);
		this.node = first;
		try (HikariDataSource reader = dataSource(this.url)) {
			serving = POPULATION_RULES;
			// Each customer's events through one member, as a feed partitioned by
			// customer
			// sends them; the replay through another, every event a duplicate then.
			feed(population, members, 0);
			feed(population, members, 1);

			java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(today * DAY + DAY / 2),
					java.time.ZoneOffset.UTC);
			JourneyAnalytics analytics = new JourneyAnalytics(reader, () -> POPULATION_RULES, clock);
			JourneyVerification.Report report = new JourneyVerification(reader, new ContextRanges(reader), analytics)
				.verify("broadband");
			assertThat(report.customersRead()).isEqualTo(10_000);
			assertThat(report.stock()).isEmpty();
			assertThat(report.moves()).isEmpty();
			java.util.Map<List<Object>, Long> moves = new java.util.HashMap<>();
			for (JourneyAnalytics.Move move : analytics.moves("broadband", 0, (int) today,
					JourneyAnalytics.Grouping.NONE)) {
				moves.merge(java.util.Arrays.asList(move.from(), move.to()), move.moves(), Long::sum);
			}
			assertThat(moves).isEqualTo(population.moves());
			for (JourneyAnalytics.StockStage stage : analytics.stock("broadband")) {
				assertThat(stage.customers()).as("in %s", stage.stage())
					.isEqualTo(population.stock().getOrDefault(stage.stage(), 0L));
				assertThat(stage.overdue()).as("overdue in %s", stage.stage())
					.isEqualTo(population.overdue().getOrDefault(stage.stage(), 0L));
			}
			OverdueCustomers overdue = new OverdueCustomers(new ContextRanges(reader), analytics);
			List<String> listed = new ArrayList<>();
			String after = null;
			do {
				OverdueCustomers.Page page = overdue.page("broadband", null, 1_000, after);
				page.customers().forEach((customer) -> listed.add(customer.customerId()));
				after = page.after();
			}
			while (after != null);
			assertThat(listed).containsExactlyElementsOf(population.overdueCustomers());
		}
		finally {
			serving = JOURNEY_RULES;
			members.subList(1, members.size()).forEach(Node::stop);
		}
	}

	/** Sends every customer's events through the member its number and a shift pick. */
	private static void feed(ScriptedPopulation population, List<Node> members, int shift) {
		List<CompletableFuture<EventDisposition>> sent = new ArrayList<>();
		for (int c = 0; c < population.events().size(); c++) {
			ContextStore store = members.get((c + shift) % members.size()).store;
			for (ContextEvent event : population.events().get(c)) {
				sent.add(store.applyAsync(event));
			}
			if (sent.size() >= 5_000) {
				sent.forEach(CompletableFuture::join);
				sent.clear();
			}
		}
		sent.forEach(CompletableFuture::join);
	}

	private List<List<Object>> rows(String query) throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		try (HikariDataSource reader = dataSource(this.url);
				Connection connection = reader.getConnection();
				PreparedStatement select = connection.prepareStatement(query);
				ResultSet row = select.executeQuery()) {
			int columns = row.getMetaData().getColumnCount();
			while (row.next()) {
				List<Object> values = new ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					Object value = row.getObject(i);
					values.add((value instanceof Number number) ? (Object) number.longValue() : value);
				}
				rows.add(values);
			}
		}
		return rows;
	}

	private void restart() {
		this.node.stop();
		this.node = new Node(this.url);
	}

	private static RuleSet journeyRules(String journeys) {
		try {
			java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("journey-rules");
			RuleDirectory rules = new RuleDirectory(folder);
			rules.write("journeys.yaml", journeys);
			return RuleSetLoader.load(folder, java.time.Clock.systemUTC());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	/**
	 * One member with the durable store behind its context map, as the server wires it.
	 */
	private static final class Node {

		final HikariDataSource dataSource;

		final DurableContexts mapStore;

		final HazelcastInstance hazelcast;

		final ContextStore store;

		Node(String url) {
			this(url, null);
		}

		/**
		 * @param join the address of a member to join, or null to run alone
		 */
		Node(String url, String join) {
			this.dataSource = dataSource(url);
			this.mapStore = new DurableContexts(new ContextTable(this.dataSource));
			Config config = new ClasspathYamlConfig("hazelcast.yaml");
			config.setClusterName("durable-store-test-" + ProcessHandle.current().pid());
			config.getMapConfig(HazelcastContextStore.MAP_NAME)
				.setMapStoreConfig(new MapStoreConfig().setEnabled(true)
					.setImplementation(this.mapStore)
					.setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
			config.getUserContext().put(DurableContexts.USER_CONTEXT_KEY, this.mapStore);
			config.getUserContext().put(JourneyCounting.USER_CONTEXT_KEY, new JourneyCounting(() -> serving));
			if (join != null) {
				config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(join);
			}
			this.hazelcast = Hazelcast.newHazelcastInstance(config);
			this.store = new HazelcastContextStore(this.hazelcast, ContextLimits.DEFAULTS);
		}

		void stop() {
			this.hazelcast.shutdown();
			this.mapStore.close();
			this.dataSource.close();
		}

	}

}
