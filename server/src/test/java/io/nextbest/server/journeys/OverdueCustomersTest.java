package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.ruleset.RuleSet;

import io.nextbest.facts.Stage;
import io.nextbest.server.context.ContextRanges;
import io.nextbest.server.context.StoredContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The overdue call list, read from stored contexts a page at a time. */
class OverdueCustomersTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final long DAY = Duration.ofDays(1).toMillis();

	@TempDir
	Path folder;

	private HikariDataSource dataSource;

	private JourneyAnalytics analytics;

	@BeforeEach
	void start() {
		this.dataSource = JourneyStore.migrated(this.folder);
		RuleSet ruleSet = JourneyStore.journeys(this.folder, """
				journeys:
				  broadband:
				    stages:
				      onboarding: { expected-days: 21, late-after-days: 30 }
				      adoption: { expected-days: 60, late-after-days: 90 }
				""", Clock.fixed(NOW, ZoneOffset.UTC));
		this.analytics = new JourneyAnalytics(this.dataSource, () -> ruleSet, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void stop() {
		this.dataSource.close();
	}

	@Test
	void onlyThoseInTheStageForMoreThanItsLateAfterDaysAreListed() {
		store(in("c-late", "broadband", Stage.ONBOARDING, 31), in("c-on-the-day", "broadband", Stage.ONBOARDING, 30),
				in("c-adopting", "broadband", Stage.ADOPTION, 40), in("c-tv", "tv", Stage.ONBOARDING, 200),
				in("c-unplanned", "broadband", Stage.LOYALTY, 500),
				in("c-very-late", "broadband", Stage.ADOPTION, 100));

		OverdueCustomers.Page all = overdue().page("broadband", null, 100, null);
		OverdueCustomers.Page onboarding = overdue().page("broadband", Stage.ONBOARDING, 100, null);

		assertThat(all.customers()).extracting(OverdueCustomers.Overdue::customerId)
			.containsExactly("c-late", "c-very-late");
		assertThat(all.customers().get(1))
			.extracting(OverdueCustomers.Overdue::daysInStage, OverdueCustomers.Overdue::daysOverdue)
			.containsExactly(100, 10);
		assertThat(all.after()).isNull();
		assertThat(onboarding.customers()).extracting(OverdueCustomers.Overdue::customerId).containsExactly("c-late");
	}

	@Test
	void pagesGoOnWhereThePreviousStoppedAndCoverEveryoneOnce() {
		List<CustomerContext> customers = new ArrayList<>();
		for (int i = 0; i < 1_250; i++) {
			customers.add(in(String.format("c-%05d", i), "broadband", Stage.ONBOARDING, (i % 3 == 0) ? 45 : 5));
		}
		store(customers.toArray(CustomerContext[]::new));
		// A small scan budget, so that some pages come back short of the page size.
		OverdueCustomers overdue = new OverdueCustomers(new ContextRanges(this.dataSource), this.analytics, 700);

		List<String> listed = new ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			OverdueCustomers.Page page = overdue.page("broadband", Stage.ONBOARDING, 150, after);
			assertThat(page.customers()).hasSizeLessThanOrEqualTo(150);
			page.customers().forEach((customer) -> listed.add(customer.customerId()));
			after = page.after();
			pages++;
		}
		while (after != null);

		assertThat(listed).hasSize(417).doesNotHaveDuplicates().isSorted();
		assertThat(pages).isGreaterThan(417 / 150);
	}

	@Test
	void aJourneyNotListedIsRefusedByName() {
		assertThatThrownBy(() -> overdue().page("pets", null, 10, null)).isInstanceOf(UnknownJourneyException.class)
			.hasMessageContaining("pets");
	}

	private OverdueCustomers overdue() {
		return new OverdueCustomers(new ContextRanges(this.dataSource), this.analytics);
	}

	private void store(CustomerContext... contexts) {
		StoredContexts.write(this.dataSource, List.of(contexts));
	}

	private static CustomerContext in(String customer, String journey, Stage stage, int daysAgo) {
		long since = NOW.toEpochMilli() - daysAgo * DAY;
		return new CustomerContext(customer, since, List.of(new JourneyPosition(journey, stage, since)), List.of(),
				List.of(), List.of(), List.of(), List.of(), new long[0]);
	}

}
