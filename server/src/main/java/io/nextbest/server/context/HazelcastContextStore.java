package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
		Map<String, Long> stamps = new HashMap<>();
		for (String customerId : customerIds) {
			CustomerContext cached = this.cache.get(customerId);
			if (cached != null) {
				if (cached != OwnedContextCache.ABSENT) {
					found.put(customerId, cached);
				}
			}
			else {
				stamps.putIfAbsent(customerId, this.cache.stamp(customerId));
			}
		}
		// The rest one key at a time, all in flight at once: each read runs on its own
		// partition's thread, in parallel, and an unknown customer's trip to the durable
		// store holds up no other. (A getAll hands every partition the whole key list,
		// and
		// one getAll per partition waits for each partition in turn.)
		List<String> missing = new ArrayList<>(stamps.keySet());
		List<CompletableFuture<CustomerContext>> reads = new ArrayList<>(missing.size());
		for (String customerId : missing) {
			reads.add(this.contexts.getAsync(customerId).toCompletableFuture());
		}
		for (int i = 0; i < missing.size(); i++) {
			String customerId = missing.get(i);
			CustomerContext context = join(reads.get(i));
			if (context != null) {
				found.put(customerId, context);
			}
			this.cache.offer(customerId, (context != null) ? context : OwnedContextCache.ABSENT,
					stamps.get(customerId));
		}
		return found;
	}

	private static CustomerContext join(CompletableFuture<CustomerContext> read) {
		try {
			return read.join();
		}
		catch (CompletionException ex) {
			// The store's or Hazelcast's own exception, as a blocking get would throw it.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
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
