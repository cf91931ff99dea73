package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.server.LoopbackCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read cache of {@link HazelcastContextStore}: reads share deserialized contexts, and
 * a read after an acknowledged update sees it, on one member and in a cluster of two.
 */
class OwnedContextCacheTest {

	private static final long T = 1_700_000_000_000L;

	private final LoopbackCluster cluster = new LoopbackCluster("owned-context-cache-test");

	@AfterEach
	void stopMembers() {
		this.cluster.close();
	}

	@Test
	void repeatedReadsShareOneDeserializedContext() {
		HazelcastContextStore store = new HazelcastContextStore(this.cluster.serverMember(null),
				ContextLimits.DEFAULTS);
		store.apply(sent("shared", 1));

		CustomerContext first = store.get("shared");

		assertThat(store.get("shared")).isSameAs(first);
		assertThat(store.getAll(List.of("shared", "nobody"))).containsOnlyKeys("shared").containsValue(first);
	}

	@Test
	void everyReadAfterAnAcknowledgedEventSeesIt() throws InterruptedException {
		HazelcastContextStore store = new HazelcastContextStore(this.cluster.serverMember(null),
				ContextLimits.DEFAULTS);
		String customer = "busy";
		store.apply(sent(customer, 0));
		// Readers keep the cache filled and race every update with reads that started
		// before it.
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> readers = new ArrayList<>();
		for (int r = 0; r < 3; r++) {
			Thread reader = new Thread(() -> {
				while (running.get()) {
					store.get(customer);
					store.getAll(List.of(customer));
				}
			});
			reader.start();
			readers.add(reader);
		}
		try {
			for (int i = 1; i <= 300; i++) {
				store.apply(sent(customer, i));

				assertThat(lastDecision(store.get(customer))).isEqualTo("d" + i);
				assertThat(lastDecision(store.getAll(List.of(customer)).get(customer))).isEqualTo("d" + i);
			}
		}
		finally {
			running.set(false);
			for (Thread reader : readers) {
				reader.join();
			}
		}
	}

	@Test
	void aCustomerReadWhileUnknownIsKnownOnceAnEventArrives() {
		HazelcastContextStore store = new HazelcastContextStore(this.cluster.serverMember(null),
				ContextLimits.DEFAULTS);
		assertThat(store.get("newcomer").isKnown()).isFalse();
		assertThat(store.getAll(List.of("newcomer", "latecomer"))).isEmpty();

		store.apply(sent("newcomer", 1));
		store.apply(sent("latecomer", 1));

		assertThat(lastDecision(store.get("newcomer"))).isEqualTo("d1");
		assertThat(store.getAll(List.of("newcomer", "latecomer"))).containsOnlyKeys("newcomer", "latecomer");
	}

	@Test
	void strangersDoNotPushKnownCustomersOut() {
		HazelcastContextStore store = new HazelcastContextStore(this.cluster.serverMember(null), ContextLimits.DEFAULTS,
				8);
		List<CustomerContext> known = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			store.apply(sent("regular-" + c, 1));
			known.add(store.get("regular-" + c));
		}

		for (int s = 0; s < 100; s++) {
			assertThat(store.get("stranger-" + s).isKnown()).isFalse();
		}

		for (int c = 0; c < 4; c++) {
			assertThat(store.get("regular-" + c)).isSameAs(known.get(c));
		}
	}

	@Test
	void asManyUnknownCustomersAsTheCapacityStayCached() {
		// Returning visitors: without their ids cached, every decision of theirs reads
		// the
		// durable store again.
		HazelcastInstance member = this.cluster.serverMember(null);
		OwnedContextCache cache = new OwnedContextCache(member.getCluster(), member.getPartitionService(), 8);
		for (int v = 0; v < 8; v++) {
			String visitor = "visitor-" + v;
			cache.offer(visitor, OwnedContextCache.ABSENT, cache.stamp(visitor));
		}

		for (int v = 0; v < 8; v++) {
			assertThat(cache.get("visitor-" + v)).isSameAs(OwnedContextCache.ABSENT);
		}
	}

	@Test
	void firstTimeVisitorsDoNotPushOutReturningOnes() {
		// A site's returning visitors come back again and again, between many more
		// first-time visitors who come once each: more of them each day than the cache
		// holds.
		HazelcastInstance member = this.cluster.serverMember(null);
		int capacity = 1_000;
		OwnedContextCache cache = new OwnedContextCache(member.getCluster(), member.getPartitionService(), capacity);
		int returning = capacity;
		int firstTimePerDay = 2 * capacity * OwnedContextCache.UNKNOWN_PER_KNOWN;
		int days = 10;
		int returningHits = 0;
		for (int day = 0; day < days; day++) {
			for (int v = 0; v < returning; v++) {
				boolean hit = readThrough(cache, "returning-" + v);
				if (day >= 2 && hit) {
					returningHits++;
				}
			}
			for (int f = 0; f < firstTimePerDay; f++) {
				readThrough(cache, "first-time-" + day + "-" + f);
			}
		}

		// Seven in ten or more (77 in a hundred when written); evicting in the map's
		// order
		// map's order when full, with as many unknown ids as contexts: 4 in a hundred.
		assertThat(returningHits).isGreaterThanOrEqualTo((days - 2) * returning * 7 / 10);
	}

	/**
	 * @return whether the cache answered
	 */
	private static boolean readThrough(OwnedContextCache cache, String visitor) {
		if (cache.get(visitor) != null) {
			return true;
		}
		cache.offer(visitor, OwnedContextCache.ABSENT, cache.stamp(visitor));
		return false;
	}

	@Test
	void forgottenCustomerIsUnknownAtOnce() {
		HazelcastContextStore store = new HazelcastContextStore(this.cluster.serverMember(null),
				ContextLimits.DEFAULTS);
		store.apply(sent("leaving", 1));
		assertThat(store.get("leaving").isKnown()).isTrue();

		store.forget("leaving");

		assertThat(store.get("leaving").isKnown()).isFalse();
	}

	@Test
	void theOwnerSeesAnUpdateMadeThroughAnotherMember() {
		HazelcastInstance first = this.cluster.serverMember(null);
		HazelcastInstance second = this.cluster.serverMember(first);
		HazelcastContextStore onFirst = new HazelcastContextStore(first, ContextLimits.DEFAULTS);
		HazelcastContextStore onSecond = new HazelcastContextStore(second, ContextLimits.DEFAULTS);
		for (int c = 0; c < 20; c++) {
			String customer = "spread-" + c;
			boolean firstOwns = first.getPartitionService().getPartition(customer).getOwner().localMember();
			HazelcastContextStore owner = firstOwns ? onFirst : onSecond;
			HazelcastContextStore other = firstOwns ? onSecond : onFirst;
			assertThat(owner.get(customer).isKnown()).isFalse();
			other.apply(sent(customer, 1));
			assertThat(lastDecision(owner.get(customer))).isEqualTo("d1");
			assertThat(owner.get(customer)).isSameAs(owner.get(customer));

			other.apply(sent(customer, 2));

			assertThat(lastDecision(owner.get(customer))).isEqualTo("d2");
			assertThat(lastDecision(other.get(customer))).isEqualTo("d2");
			// The other member does not own the customer, so it never caches it.
			assertThat(other.get(customer)).isNotSameAs(other.get(customer));
		}
	}

	private static ContextEvent sent(String customer, int n) {
		return new ContextEvent.OutcomeRecorded(customer + "-e" + n, customer, T + n, "d" + n, "renewal-offer",
				Channel.EMAIL, Outcome.SENT);
	}

	private static String lastDecision(CustomerContext context) {
		return context.history().get(context.history().size() - 1).decisionId();
	}

}
