package io.nextbest.server.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Stage;
import io.nextbest.server.LoopbackCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Updates sent from a member that does not own the customers: the owner answers on one of
 * Hazelcast's response threads, from which the customer's next batch of events is sent.
 */
class HazelcastContextStoreClusterTest {

	private static final long T = 1_700_000_000_000L;

	private final LoopbackCluster cluster = new LoopbackCluster("context-store-cluster-test");

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void eventsForAnotherMembersCustomersAreAppliedInOrderWithAnAnswerEach() {
		HazelcastInstance first = this.cluster.serverMember(null);
		HazelcastInstance second = this.cluster.serverMember(first);
		ContextStore fromFirst = new HazelcastContextStore(first, ContextLimits.DEFAULTS);
		ContextStore onSecond = new HazelcastContextStore(second, ContextLimits.DEFAULTS);
		// The first map operation assigns the partitions.
		onSecond.get("nobody");
		await().until(() -> first.getPartitionService().isClusterSafe());
		List<String> customers = new ArrayList<>();
		for (int i = 0; customers.size() < 20; i++) {
			String customer = "remote-" + i;
			if (second.getPartitionService().getPartition(customer).getOwner().localMember()) {
				customers.add(customer);
			}
		}
		List<CompletableFuture<EventDisposition>> answers = new ArrayList<>();
		for (String customer : customers) {
			for (int e = 0; e < 40; e++) {
				answers.add(fromFirst.applyAsync(new ContextEvent.StageChanged(customer + "-s" + e, customer, T + e,
						"broadband", Stage.values()[e % Stage.values().length])));
				answers.add(fromFirst.applyAsync(
						new ContextEvent.ProfileUpdated(customer + "-p" + e, customer, T + e, Map.of("n", "" + e))));
			}
		}

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.join()).isEqualTo(EventDisposition.APPLIED));
		for (String customer : customers) {
			CustomerContext stored = onSecond.get(customer);
			assertThat(stored.journeys()).singleElement()
				.isEqualTo(new CustomerContext.JourneyPosition("broadband", Stage.values()[39 % Stage.values().length],
						T + 39, false, T));
			assertThat(stored.attribute("n")).isEqualTo("39");
		}
	}

	@Test
	void skewWindowTravelsWithTheEventsToTheOwner() {
		HazelcastInstance first = this.cluster.serverMember(null);
		HazelcastInstance second = this.cluster.serverMember(first);
		ContextLimits d = ContextLimits.DEFAULTS;
		ContextLimits anHour = new ContextLimits(d.closedCaseRetention(), d.maxCases(), d.maxHistory(),
				d.historyRetention(), d.eventIdWindow(), Duration.ofHours(1));
		ContextStore fromFirst = new HazelcastContextStore(first, anHour);
		ContextStore onSecond = new HazelcastContextStore(second, anHour);
		onSecond.get("nobody");
		await().until(() -> first.getPartitionService().isClusterSafe());
		String customer = IntStream.range(0, 1_000)
			.mapToObj((i) -> "skewed-" + i)
			.filter((c) -> second.getPartitionService().getPartition(c).getOwner().localMember())
			.findFirst()
			.orElseThrow();

		fromFirst.apply(new ContextEvent.ConsentChanged("grant", customer, T + Duration.ofMinutes(30).toMillis(),
				Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED));
		EventDisposition revoke = fromFirst.apply(new ContextEvent.ConsentChanged("revoke", customer, T, Channel.EMAIL,
				Purpose.MARKETING, ConsentStatus.REVOKED));

		// Within the configured hour the revocation wins; the default five minutes would
		// have kept it out.
		assertThat(revoke).isEqualTo(EventDisposition.APPLIED);
		assertThat(onSecond.get(customer).consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.REVOKED);
	}

}
