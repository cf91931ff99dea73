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
 * for one customer never overwrite each other and no caller does read-modify-write.
 */
public final class HazelcastContextStore implements ContextStore {

	/** The name of the map; configured in hazelcast.yaml. */
	public static final String MAP_NAME = "customer-context";

	private final HazelcastInstance hazelcast;

	private final IMap<String, CustomerContext> contexts;

	private final ContextLimits limits;

	/**
	 * Uses the customer-context map of a Hazelcast instance.
	 * @param hazelcast the member or client
	 * @param limits the bounds every update prunes to
	 */
	public HazelcastContextStore(HazelcastInstance hazelcast, ContextLimits limits) {
		this.hazelcast = hazelcast;
		this.contexts = hazelcast.getMap(MAP_NAME);
		this.limits = limits;
	}

	@Override
	public CustomerContext get(String customerId) {
		CustomerContext context = this.contexts.get(customerId);
		return (context != null) ? context : CustomerContext.empty(customerId);
	}

	@Override
	public Map<String, CustomerContext> getAll(Collection<String> customerIds) {
		// One getAll per partition: given keys of many partitions, every partition's
		// operation scans the whole key list, which dominated bulk checks in profiles.
		Map<Integer, Set<String>> byPartition = new HashMap<>();
		for (String customerId : customerIds) {
			int partition = this.hazelcast.getPartitionService().getPartition(customerId).getPartitionId();
			byPartition.computeIfAbsent(partition, (p) -> new HashSet<>()).add(customerId);
		}
		Map<String, CustomerContext> found = new HashMap<>(customerIds.size() * 2);
		for (Set<String> keys : byPartition.values()) {
			found.putAll(this.contexts.getAll(keys));
		}
		return found;
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
