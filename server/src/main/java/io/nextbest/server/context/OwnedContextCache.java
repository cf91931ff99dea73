package io.nextbest.server.context;

import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;

import io.nextbest.engine.context.CustomerContext;

/**
 * The deserialized contexts of customers whose partition this member owns, so that a
 * decision reads its context without an operation on a partition thread and without
 * deserializing it again. Contexts are immutable, so callers share the cached instances.
 * <p>
 * Read-your-writes holds because every update of an entry is an entry processor
 * ({@link ApplyEvents}, {@link ForgetContext}) that runs on the member that owns it: it
 * drops the cached copy there ({@link #invalidateOn}), on the partition thread, before
 * its caller hears back, and a read that misses queues behind it on the same thread. A
 * read that missed installs what it read only if nothing in the customer's stripe changed
 * and no partition moved since it started ({@link #stamp}), checked and installed
 * atomically, so an old value read just before an update can never be seen after the
 * update's invalidation. Contexts of partitions owned by another member are never cached
 * (their updates run elsewhere), and every migration or membership change empties the
 * cache.
 * <p>
 * Customers the map does not know are cached too, as {@link #ABSENT}, so that repeated
 * reads of an unknown customer do not go to the durable store each time: the update that
 * creates the customer runs on the owner and drops that entry like any other. They are
 * kept apart, so that a stream of never-seen ids (a mailing list full of strangers)
 * cannot push known customers out, and up to {@value #UNKNOWN_PER_KNOWN} times as many as
 * the capacity: an unknown id costs only its key and a cache entry, about a twentieth of
 * a cached context, and a site's anonymous visitors outnumber its known customers.
 * <p>
 * Bounded by Caffeine, whose admission counts how often each id was asked for: an id seen
 * once (a first-time visitor) does not push out one asked for again and again (a
 * returning visitor, a regular customer). With eviction in the map's own order, close to
 * random, a site's stream of first-time visitors pushed its returning visitors out, and
 * nearly every one of their decisions read the durable store again. Caffeine's upkeep
 * runs on the calling thread, not on a shared pool.
 */
final class OwnedContextCache {

	/** Under this key a member's cache is found in its Hazelcast user context. */
	static final String USER_CONTEXT_KEY = "nextbest.owned-context-cache";

	/** Cached for a customer the map does not hold (nor the durable store behind it). */
	static final CustomerContext ABSENT = CustomerContext.empty("");

	private static final int STRIPES = 1024;

	/** How many unknown ids are kept per context the capacity allows. */
	static final int UNKNOWN_PER_KNOWN = 4;

	private final Cache<String, CustomerContext> known;

	private final Cache<String, CustomerContext> unknown;

	/** Per stripe of customer ids, how many changes it has seen. */
	private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

	private final Cluster cluster;

	private final PartitionService partitions;

	private final int capacity;

	/**
	 * @param cluster the member's view of the cluster
	 * @param partitions the member's partition service, which says who owns a key
	 * @param capacity the most contexts kept; 0 turns the cache off
	 */
	OwnedContextCache(Cluster cluster, PartitionService partitions, int capacity) {
		this.cluster = cluster;
		this.partitions = partitions;
		this.capacity = capacity;
		this.known = bounded(capacity);
		this.unknown = bounded((long) capacity * UNKNOWN_PER_KNOWN);
	}

	private static Cache<String, CustomerContext> bounded(long capacity) {
		return Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
	}

	/**
	 * The member's cache of a map's contexts, created and wired on first use: the
	 * listeners that empty it when partitions move, members come or go, or the map is
	 * cleared.
	 * @param hazelcast the member (a client gets a cache that holds nothing)
	 * @param contexts the map
	 * @param capacity the most contexts kept by a new cache; 0 for a cache that holds
	 * nothing and is not wired
	 * @return the member's cache
	 */
	static OwnedContextCache of(HazelcastInstance hazelcast, IMap<String, CustomerContext> contexts, int capacity) {
		if (capacity == 0 || !(hazelcast.getLocalEndpoint() instanceof Member)) {
			return new OwnedContextCache(hazelcast.getCluster(), hazelcast.getPartitionService(), 0);
		}
		synchronized (hazelcast.getUserContext()) {
			if (hazelcast.getUserContext().get(USER_CONTEXT_KEY) instanceof OwnedContextCache existing) {
				return existing;
			}
			OwnedContextCache cache = new OwnedContextCache(hazelcast.getCluster(), hazelcast.getPartitionService(),
					capacity);
			hazelcast.getUserContext().put(USER_CONTEXT_KEY, cache);
			hazelcast.getPartitionService().addMigrationListener(new Emptier(cache));
			hazelcast.getCluster().addMembershipListener(new Emptier(cache));
			contexts.addEntryListener(new Emptier(cache), false);
			return cache;
		}
	}

	/**
	 * @param customerId the customer
	 * @return the cached context, {@link #ABSENT} for a customer known to be unknown, or
	 * null when nothing is cached here
	 */
	CustomerContext get(String customerId) {
		CustomerContext context = this.known.getIfPresent(customerId);
		if (context == null) {
			context = this.unknown.getIfPresent(customerId);
		}
		// A partition that moved away empties the cache, but the listener is told a
		// moment
		// after the move: ownership is checked on every hit as well.
		return (context != null && owned(customerId)) ? context : null;
	}

	/**
	 * Taken before reading a context from the map, handed back to {@link #offer}.
	 * @param customerId the customer
	 * @return the change count of the customer's stripe
	 */
	long stamp(String customerId) {
		return this.changes.get(stripe(customerId));
	}

	/**
	 * Caches a context read from the map, unless its stripe changed since the stamp was
	 * taken or another member owns it.
	 * @param customerId the customer
	 * @param context what the map returned, {@link #ABSENT} for nothing
	 * @param stamp {@link #stamp} taken before the read
	 */
	void offer(String customerId, CustomerContext context, long stamp) {
		if (this.capacity == 0 || !owned(customerId)) {
			return;
		}
		int stripe = stripe(customerId);
		ConcurrentMap<String, CustomerContext> entries = ((context == ABSENT) ? this.unknown : this.known).asMap();
		// Checked and installed in one step under the key's lock, which an invalidation's
		// removal also takes after counting the stripe: a value read before an update is
		// never visible after the update's invalidation, not even for a moment. (Put
		// first and taken back when the count had moved, it was: a read in between got
		// the old context after the update was acknowledged.)
		entries.compute(customerId, (id, cached) -> (this.changes.get(stripe) == stamp) ? context : cached);
		// A clear() counts every stripe, then empties the cache by walking it, which may
		// pass this key just before the step above installed it.
		if (this.changes.get(stripe) != stamp) {
			entries.remove(customerId, context);
		}
	}

	/**
	 * Drops a customer's context from the cache of the member an entry processor runs on,
	 * if it has one. A map interceptor could do it for every change, but Hazelcast hands
	 * an interceptor the value deserialized, on every read and twice on every update.
	 * @param member the member
	 * @param customerId the customer whose entry the processor changes
	 */
	static void invalidateOn(HazelcastInstance member, String customerId) {
		if (member.getUserContext().get(USER_CONTEXT_KEY) instanceof OwnedContextCache cache) {
			cache.invalidate(customerId);
		}
	}

	/**
	 * Drops a customer's context; called on the owner with every change of the entry.
	 * @param customerId the customer
	 */
	void invalidate(String customerId) {
		this.changes.incrementAndGet(stripe(customerId));
		this.known.invalidate(customerId);
		this.unknown.invalidate(customerId);
	}

	/**
	 * Drops everything: partitions moved, members came or went, or the map was cleared.
	 */
	void clear() {
		for (int i = 0; i < STRIPES; i++) {
			this.changes.incrementAndGet(i);
		}
		this.known.invalidateAll();
		this.unknown.invalidateAll();
	}

	/**
	 * @return how many contexts are cached (unknown customers not counted)
	 */
	int size() {
		return (int) this.known.estimatedSize();
	}

	private boolean owned(String customerId) {
		// A lone member owns everything; the member list changes before any partition
		// moves to a newcomer, so this never skips a check that matters.
		if (this.cluster.getMembers().size() == 1) {
			return true;
		}
		Member owner = this.partitions.getPartition(customerId).getOwner();
		return owner != null && owner.localMember();
	}

	/** Empties the cache whenever ownership may have changed or the map was emptied. */
	private record Emptier(OwnedContextCache cache)
			implements
				MigrationListener,
				MembershipListener,
				MapClearedListener,
				MapEvictedListener {

		@Override
		public void migrationStarted(MigrationState state) {
			this.cache.clear();
		}

		@Override
		public void migrationFinished(MigrationState state) {
			this.cache.clear();
		}

		@Override
		public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
			this.cache.clear();
		}

		@Override
		public void replicaMigrationFailed(ReplicaMigrationEvent event) {
			this.cache.clear();
		}

		@Override
		public void memberAdded(MembershipEvent event) {
			this.cache.clear();
		}

		@Override
		public void memberRemoved(MembershipEvent event) {
			this.cache.clear();
		}

		@Override
		public void mapCleared(MapEvent event) {
			this.cache.clear();
		}

		@Override
		public void mapEvicted(MapEvent event) {
			this.cache.clear();
		}

	}

	private static int stripe(String customerId) {
		int hash = customerId.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

}
