package io.nextbest.server.context;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Customer contexts in a Hazelcast map keyed by customer id. Every update is an entry
 * processor run on the member that owns the customer's partition, so concurrent events
 * for one customer never overwrite each other and no caller does read-modify-write. Reads
 * of the customers whose partitions this member owns are served from an
 * {@link OwnedContextCache} of deserialized contexts, which every update invalidates on
 * the owner before it is acknowledged.
 */
public final class HazelcastContextStore implements ContextStore {

	/** The name of the map; configured in hazelcast.yaml. */
	public static final String MAP_NAME = "customer-context";

	/** Read cache size when none is given. */
	public static final int DEFAULT_CACHE_CAPACITY = 100_000;

	private final HazelcastInstance hazelcast;

	private final IMap<String, CustomerContext> contexts;

	private final ContextLimits limits;

	private final OwnedContextCache cache;

	/**
	 * Uses the customer-context map of a Hazelcast instance, with a read cache of
	 * {@link #DEFAULT_CACHE_CAPACITY} contexts.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits) {
		this(hazelcast, limits, DEFAULT_CACHE_CAPACITY);
	}

	/**
	 * Uses the customer-context map of a Hazelcast instance.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 * @param cacheCapacity the most contexts a member keeps deserialized for reads, of
	 * the customers whose partitions it owns (0 for none; a client caches nothing)
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits, int cacheCapacity) {
		this.hazelcast = hazelcast;
		this.contexts = hazelcast.getMap(MAP_NAME);
		this.limits = limits;
		this.cache = OwnedContextCache.of(hazelcast, this.contexts, cacheCapacity);
	}

	@Override
	public CustomerContext get(String customerId) {
		CustomerContext cached = this.cache.get(customerId);
		if (cached != null) {
			return (cached != OwnedContextCache.ABSENT) ? cached : CustomerContext.empty(customerId);
		}
		long stamp = this.cache.stamp(customerId);
		CustomerContext context = this.contexts.get(customerId);
		this.cache.offer(customerId, (context != null) ? context : OwnedContextCache.ABSENT, stamp);
		return (context != null) ? context : CustomerContext.empty(customerId);
	}

	@Override
	public Map<String, CustomerContext> getAll(Collection<String> customerIds) {
		Map<String, CustomerContext> found = new HashMap<>(customerIds.size() * 2);
		// The rest with one getAll per partition: given keys of many partitions, every
		// partition's operation scans the whole key list, which dominated bulk checks in
		// profiles.
		Map<String, Long> stamps = new HashMap<>();
		Map<Integer, Set<String>> byPartition = new HashMap<>();
		for (String customerId : customerIds) {
			CustomerContext cached = this.cache.get(customerId);
			if (cached != null) {
				if (cached != OwnedContextCache.ABSENT) {
					found.put(customerId, cached);
				}
			}
			else if (stamps.putIfAbsent(customerId, this.cache.stamp(customerId)) == null) {
				int partition = this.hazelcast.getPartitionService().getPartition(customerId).getPartitionId();
				byPartition.computeIfAbsent(partition, (p) -> new HashSet<>()).add(customerId);
			}
		}
		for (Set<String> keys : byPartition.values()) {
			Map<String, CustomerContext> read = this.contexts.getAll(keys);
			for (String customerId : keys) {
				CustomerContext context = read.get(customerId);
				if (context != null) {
					found.put(customerId, context);
				}
				this.cache.offer(customerId, (context != null) ? context : OwnedContextCache.ABSENT,
						stamps.get(customerId));
			}
		}
		return found;
	}

	/**
	 * @return how many contexts this member holds deserialized for reads
	 */
	public int cachedContexts() {
		return this.cache.size();
	}

	@Override
	public CompletableFuture<EventDisposition> applyAsync(ContextEvent event) {
		return this.contexts.submitToKey(event.customerId(), new ApplyEvent(event, this.limits)).toCompletableFuture();
	}

	@Override
	public boolean forget(String customerId) {
		return this.contexts.remove(customerId) != null;
	}

}
