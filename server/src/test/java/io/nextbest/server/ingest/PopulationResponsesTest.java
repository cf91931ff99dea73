package io.nextbest.server.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.context.ContextStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counting the population's responses on real Hazelcast members (loopback, TCP-IP join):
 * only applied outcomes count, by action and channel, whether recorded directly or
 * through the event ingest, and counts recorded on one member reach the other's snapshot.
 */
class PopulationResponsesTest {

	private final LoopbackCluster cluster = new LoopbackCluster("population-test");

	private final List<PopulationResponses> counters = new CopyOnWriteArrayList<>();

	private int events;

	@AfterEach
	void stopMembers() {
		this.counters.forEach(PopulationResponses::close);
		this.cluster.close();
	}

	@Test
	void onlyAppliedOutcomesOfCountedActionsCount() {
		PopulationResponses population = counting(this.cluster.member(null));

		population.record(outcome("offer", Channel.WEB, Outcome.IMPRESSION), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.WEB, Outcome.IMPRESSION), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.EMAIL, Outcome.SENT), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.WEB, Outcome.CLICK), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.EMAIL, Outcome.ACCEPT), EventDisposition.APPLIED);
		// Re-sent and outdated events changed no context: they do not count.
		population.record(outcome("offer", Channel.WEB, Outcome.IMPRESSION), EventDisposition.DUPLICATE);
		population.record(outcome("offer", Channel.WEB, Outcome.CLICK), EventDisposition.STALE);
		// Neither exposures nor positive responses.
		population.record(outcome("offer", Channel.WEB, Outcome.REJECT), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.EMAIL, Outcome.DELIVERED), EventDisposition.APPLIED);
		population.record(outcome("offer", Channel.WEB, Outcome.DISMISS), EventDisposition.APPLIED);
		// Not in the catalogue, and not an outcome.
		population.record(outcome("unknown", Channel.WEB, Outcome.IMPRESSION), EventDisposition.APPLIED);
		population.record(new ContextEvent.CaseClosed("e-x", "c", 1, "K1"), EventDisposition.APPLIED);
		assertThat(population.rates().counts("offer")).as("nothing before the refresh").isNull();

		population.refresh();

		PopulationRates.Counts offer = population.rates().counts("offer");
		assertThat(offer.exposures(Channel.WEB)).isEqualTo(2);
		assertThat(offer.positives(Channel.WEB)).isEqualTo(1);
		assertThat(offer.exposures(Channel.EMAIL)).isEqualTo(1);
		assertThat(offer.positives(Channel.EMAIL)).isEqualTo(1);
		assertThat(offer.exposures()).isEqualTo(3);
		assertThat(offer.positives()).isEqualTo(2);
		assertThat(population.rates().counts("unknown")).isNull();
		assertThat(population.rates().size()).isEqualTo(1);

		// A second refresh adds only what came since.
		population.record(outcome("offer", Channel.WEB, Outcome.IMPRESSION), EventDisposition.APPLIED);
		population.refresh();
		population.refresh();
		assertThat(population.rates().counts("offer").exposures(Channel.WEB)).isEqualTo(3);
	}

	@Test
	void countsRecordedOnOneMemberAreSeenByTheOther() {
		HazelcastInstance first = this.cluster.member(null);
		HazelcastInstance second = this.cluster.member(first);
		await().atMost(Duration.ofSeconds(30)).until(() -> first.getCluster().getMembers().size() == 2);
		PopulationResponses onFirst = counting(first);
		PopulationResponses onSecond = counting(second);

		for (int i = 0; i < 40; i++) {
			onFirst.record(outcome("offer", Channel.APP, Outcome.IMPRESSION), EventDisposition.APPLIED);
		}
		for (int i = 0; i < 10; i++) {
			onFirst.record(outcome("offer", Channel.APP, Outcome.CLICK), EventDisposition.APPLIED);
			onSecond.record(outcome("offer", Channel.APP, Outcome.IMPRESSION), EventDisposition.APPLIED);
		}
		onFirst.refresh();
		onSecond.refresh();

		// Each member's counts reach the other with the counters' background replication.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			onSecond.refresh();
			onFirst.refresh();
			for (PopulationResponses population : List.of(onFirst, onSecond)) {
				PopulationRates.Counts offer = population.rates().counts("offer");
				assertThat(offer).isNotNull();
				assertThat(offer.exposures(Channel.APP)).isEqualTo(50);
				assertThat(offer.positives(Channel.APP)).isEqualTo(10);
			}
		});
	}

	@Test
	void theBackgroundRefreshPublishesTheCounts() {
		HazelcastInstance member = this.cluster.member(null);
		PopulationResponses population = new PopulationResponses(member, "offer"::equals, Duration.ofMillis(100));
		this.counters.add(population);

		population.record(outcome("offer", Channel.WEB, Outcome.IMPRESSION), EventDisposition.APPLIED);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(population.rates().counts("offer")).isNotNull()
				.extracting((offer) -> offer.exposures(Channel.WEB))
				.isEqualTo(1L));
	}

	@Test
	void eventsRecordedThroughTheIngestCountOnceApplied() {
		PopulationResponses population = counting(this.cluster.member(null));
		EventIngest ingest = new EventIngest(new SeenOnce(), population);
		ContextEvent.OutcomeRecorded impression = outcome("offer", Channel.WEB, Outcome.IMPRESSION);

		assertThat(ingest.record(impression).join()).isEqualTo(EventDisposition.APPLIED);
		assertThat(ingest.record(impression).join()).as("sent again").isEqualTo(EventDisposition.DUPLICATE);
		assertThat(ingest.record(outcome("offer", Channel.WEB, Outcome.CLICK)).join())
			.isEqualTo(EventDisposition.APPLIED);
		population.refresh();

		PopulationRates.Counts offer = population.rates().counts("offer");
		assertThat(offer).as("counted").isNotNull();
		assertThat(offer.exposures(Channel.WEB)).isEqualTo(1);
		assertThat(offer.positives(Channel.WEB)).isEqualTo(1);
	}

	/** Counts the action "offer" only; refreshed by the test. */
	private PopulationResponses counting(HazelcastInstance member) {
		PopulationResponses population = new PopulationResponses(member, "offer"::equals, Duration.ZERO);
		this.counters.add(population);
		return population;
	}

	/**
	 * A store that applies an event the first time it sees its id, as the real one does.
	 */
	private static final class SeenOnce implements ContextStore {

		private final Set<String> seen = ConcurrentHashMap.newKeySet();

		@Override
		public CustomerContext get(String customerId) {
			return CustomerContext.empty(customerId);
		}

		@Override
		public CompletableFuture<EventDisposition> applyAsync(ContextEvent event) {
			return CompletableFuture.completedFuture(
					this.seen.add(event.eventId()) ? EventDisposition.APPLIED : EventDisposition.DUPLICATE);
		}

		@Override
		public boolean forget(String customerId) {
			return false;
		}

	}

	private ContextEvent.OutcomeRecorded outcome(String action, Channel channel, Outcome outcome) {
		int n = ++this.events;
		return new ContextEvent.OutcomeRecorded("e-" + n, "c-" + n, 1_000L * n, "d-" + n, action, channel, outcome);
	}

}
